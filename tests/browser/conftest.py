"""Browser tests: the app behind a real HTTP server on 127.0.0.1 (werkzeug in a thread), driven
by Debian's Chromium through Playwright (``executable_path``; never ``playwright install``).
Skipped, with the reason, when Chromium or the playwright package is missing.

The database is a SQLite *file* here (PostgreSQL when TEST_DATABASE_URL says so): the server
thread and the test each get their own connection, which the in-memory default cannot give."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from config import TestConfig
from models.migrate import upgrade
from tests.conftest import IS_POSTGRES, _truncate
from webhook import create_app

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
PHONE_VIEWPORT = {"width": 390, "height": 844}  # iPhone 12-15 class screen, CSS pixels


@pytest.fixture
def app(database_url, tmp_path):
    """Overrides tests.conftest.app: same app, on a database several threads can share."""
    url = database_url if IS_POSTGRES else f"sqlite:///{tmp_path / 'browser.db'}"
    app = create_app(TestConfig, DATABASE_URL=url, SHOWUP_TMP=str(tmp_path))
    if IS_POSTGRES:
        _truncate(app.extensions["db"])
    else:
        upgrade(url)
    yield app
    app.extensions["db"].dispose()


@pytest.fixture
def live_server(app, fake_rasa):
    """Base URL of the app served over real HTTP, with the FakeRasa installed."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


# Module scope, not session: while it is open, Playwright's sync API keeps an asyncio loop
# running in this thread, and later tests (another sync_playwright(), asyncio.run()) refuse that.
@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium "
                    "(or set CHROMIUM=/path/to/chromium)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the python 'playwright' package is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(chromium):
    """A fresh page (own cookies) on a phone-sized touch screen."""
    context = chromium.new_context(viewport=PHONE_VIEWPORT, device_scale_factor=2,
                                   is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
