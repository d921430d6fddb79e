"""Start a Rasa server (and the action server) as child processes and wait until they answer.

Used by the NLU report and the integration tests; production starts them from the Procfile.
Both bind 127.0.0.1: Rasa's REST channel checks no token."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

from config import ROOT

RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"


class ServerFailed(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, deadline: float, what: str, proc: subprocess.Popen, log: Path) -> None:
    """Poll ``check`` until it returns True; raise ServerFailed with the log's tail if the
    process dies or ``deadline`` seconds pass."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise ServerFailed(f"{what} exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if check():
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)  # polling interval while a server starts
    raise ServerFailed(f"{what} not ready after {deadline}s:\n{log.read_text()[-3000:]}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def action_server(workdir: Path, database_url: str, deadline: float = 60):
    """Yield the action server's URL once it answers."""
    with action_server_process(workdir, database_url, deadline) as (url, _):
        yield url


@contextmanager
def action_server_process(workdir: Path, database_url: str, deadline: float = 60):
    """Yield ``(url, process)`` once the action server answers (its log in ``workdir``)."""
    port, log = free_port(), workdir / "actions.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "rasa_sdk", "--actions", "bot.actions", "--port", str(port)],
        # rasa_sdk has no --interface flag: it binds SANIC_HOST (default 0.0.0.0).
        cwd=ROOT, env={**os.environ, "DATABASE_URL": database_url, "SANIC_HOST": "127.0.0.1"},
        stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: requests.get(url + "/health", timeout=2).ok, deadline,
                   "action server", proc, log)
        yield url, proc
    finally:
        _stop(proc)


@contextmanager
def rasa_server(workdir: Path, model: Path, actions_url: str | None = None,
                deadline: float = 240, tracker_db: Path | None = None,
                endpoints: Path | None = None, env: dict[str, str] | None = None):
    """Yield ``(url, process)`` once Rasa has loaded ``model`` (about 45 s on 2 cores).
    ``tracker_db``: keep the trackers in this SQLite file, as production keeps them in SQL
    (flows/endpoints.yml), instead of in memory. ``endpoints`` (with ``env`` for the values
    it reads): run with this endpoints file instead, e.g. flows/endpoints.production.yml."""
    if endpoints is None:
        endpoints = workdir / "endpoints.yml"
        lines = [f"action_endpoint:\n  url: {actions_url}/webhook\n"] if actions_url else []
        if tracker_db is not None:
            lines.append(f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {tracker_db}\n")
        endpoints.write_text("".join(lines))
    port, log = free_port(), workdir / "rasa.log"
    proc = subprocess.Popen(
        [str(RASA_BIN), "run", "--enable-api", "--interface", "127.0.0.1", "--port", str(port),
         "--model", str(model.resolve()), "--endpoints", str(endpoints),
         "--credentials", str(ROOT / "flows" / "credentials.yml")],
        cwd=workdir, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false",
                          "PYTHONPATH": str(ROOT / "flows"), **(env or {})},
        stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"

    def loaded() -> bool:
        return bool(requests.get(url + "/status", timeout=2).json().get("model_file"))

    try:
        wait_until(loaded, deadline, "rasa server", proc, log)
        yield url, proc
    finally:
        _stop(proc)
