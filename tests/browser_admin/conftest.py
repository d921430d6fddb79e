"""Browser fixtures: Debian's Chromium driven by Playwright, and the app on a real HTTP server
(werkzeug, in a thread) on 127.0.0.1. Skips with the reason when Chromium or Playwright is
missing; never runs ``playwright install``.

Playwright's sync API runs in a thread of its own (``BrowserThread``): it refuses to start in a
thread where an asyncio loop is already running, and another suite's session-wide Playwright
(tests/browser) keeps one running in the main thread. The test body is a function handed to
``browser_thread.run``; its assertions are re-raised in the test.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from werkzeug.serving import make_server

from config import ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Every staff page's screenshot is kept as a test artifact (CI keeps var/).
SCREENSHOTS = ROOT / "var" / "screenshots"


def shot(page, name: str) -> None:
    """Save a full-page screenshot of ``page`` as var/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
VIEWPORT = {"width": 1360, "height": 900}


class BrowserThread:
    """One thread owning Playwright and the browser; ``run(fn, base_url)`` calls ``fn(page,
    base_url)`` there with a fresh page (its own cookies) and returns its result."""

    def __init__(self):
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="playwright")
        self._playwright = self._browser = None
        self._call(self._start)

    def _call(self, fn, *args):
        return self._executor.submit(fn, *args).result()

    def _start(self):
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        except Exception:
            self._playwright.stop()
            raise

    def _with_page(self, fn, *args):
        context = self._browser.new_context(viewport=VIEWPORT, locale="en-US")
        context.set_default_timeout(10_000)
        try:
            return fn(context.new_page(), *args)
        finally:
            context.close()

    def run(self, fn, *args):
        return self._call(self._with_page, fn, *args)

    def close(self):
        def stop():
            self._browser.close()
            self._playwright.stop()

        try:
            self._call(stop)
        finally:
            self._executor.shutdown(wait=True)


@pytest.fixture(scope="module")
def browser_thread():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package "
                    "(or set CHROMIUM) to run the browser tests")
    pytest.importorskip("playwright.sync_api",
                        reason="the 'playwright' Python package is not installed "
                               "(requirements-dev.txt)")
    thread = BrowserThread()
    yield thread
    thread.close()


@pytest.fixture
def live_server(app):
    """The test app served over real HTTP; yields its base URL. One request at a time: the
    in-memory SQLite database is a single shared connection."""
    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.serve_forever, name="admin-live-server",
                              daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)
