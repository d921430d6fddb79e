"""A real web process (gunicorn) SIGKILLed in the middle of a turn, after Rasa and the action
server did the work but before the answer reached the family: a real `turns` worker process
takes the turn again once its claim expires — the absence is recorded once, and the family
gets the bot's answer once, in Spanish, through the outbox."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from bot.nlu.rasa_process import free_port
from models import AbsenceReport, Message, OutboxMessage
from tests.factories import TWILIO_TOKEN, sign
from tests.integration.helpers import Family

pytestmark = pytest.mark.rasa
ROOT = Path(__file__).resolve().parents[2]


class HoldingProxy:
    """Between the web process and Rasa: passes every call on, but holds Rasa's answer to the
    first turn (``answered`` is set once Rasa has answered it) — a web process that dies then
    has had its turn taken by Rasa and the actions, and told nobody."""

    def __init__(self, rasa_url: str):
        self.answered, self.release = threading.Event(), threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep the test output clean
                pass

            def _pass(self, method: str) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                upstream = requests.request(method, rasa_url + self.path, data=body,
                                            headers={"Content-Type": "application/json"},
                                            timeout=60)
                if self.path.startswith("/webhooks/rest") and not proxy.answered.is_set():
                    proxy.answered.set()
                    proxy.release.wait(120)
                    return  # the caller is dead by now: its answer goes nowhere
                self.send_response(upstream.status_code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(upstream.content)))
                self.end_headers()
                self.wfile.write(upstream.content)

            def do_GET(self):  # noqa: N802 (http.server's name)
                self._pass("GET")

            def do_POST(self):  # noqa: N802
                self._pass("POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()


def _env(database_url: str, rasa_url: str, **extra) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "RASA_URL": rasa_url,
            "SECRET_KEY": "k" * 64, "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
            "TRANSLATION_ENABLED": "false", "SMS_TRANSPORT": "console", "RASA_TIMEOUT": "30",
            "TURN_LEASE_SECONDS": "3", **extra}


def _until(check, seconds: float, what: str):
    """Poll ``check`` until it returns something true (a process's progress, not a timing
    assertion); fail with ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def test_a_web_process_killed_mid_turn_is_answered_once_by_a_turn_worker(
        live_app, live_database_url, rasa_server, tmp_path):
    family = Family(live_app, language="es", children=("Sofia",))
    db = live_app.extensions["db"]
    proxy = HoldingProxy(rasa_server["url"])
    port = free_port()
    web_log = (tmp_path / "web.log").open("w")
    web = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py",
         "webhook:create_app()"], cwd=ROOT, stdout=web_log, stderr=subprocess.STDOUT,
        env=_env(live_database_url, proxy.url, PORT=str(port), WEB_WORKERS="1",
                 REPLY_BUDGET="1"), start_new_session=True)
    worker = None
    try:
        def healthy():
            try:
                return requests.get(f"http://127.0.0.1:{port}/admin/login", timeout=2).ok
            except requests.ConnectionError:
                return False

        _until(healthy, 90, "the web process")
        url = f"http://127.0.0.1:{port}/twilio/sms"
        params = {"From": family.phone, "To": "+19165550000", "NumMedia": "0",
                  "Body": "Sofia está enferma hoy, tiene fiebre", "MessageSid": "SM" + "7" * 32}
        answer = requests.post(url, data=params, timeout=30,
                               headers={"X-Twilio-Signature": sign(url, params)})
        assert answer.status_code == 200 and "<Message>" not in answer.text  # past the budget
        assert proxy.answered.wait(60)  # Rasa and the actions have done the turn
        os.killpg(web.pid, signal.SIGKILL)  # the web process dies before telling anyone
        web.wait(30)

        with db.session() as s:
            message = s.scalar(select(Message).where(Message.direction == "in"))
            assert (message.status, message.turn_attempts) == ("turn_queued", 1)
            assert message.turn_claimed_by.startswith("web@")
            assert s.scalars(select(AbsenceReport)).all()  # recorded by the first turn
            assert not s.scalars(select(OutboxMessage)).all()  # and the family told nothing

        worker = subprocess.Popen(
            [sys.executable, "-m", "bot.turn_worker"], cwd=ROOT,
            stdout=(tmp_path / "turns.log").open("w"), stderr=subprocess.STDOUT,
            env=_env(live_database_url, rasa_server["url"]))

        def answered():
            with db.session() as s:
                row = s.scalar(select(Message).where(Message.direction == "in"))
                return row if row.status == "answered_late" else None

        message = _until(answered, 90, "the turn worker to answer the turn")
    finally:
        proxy.close()
        if web.poll() is None:
            os.killpg(web.pid, signal.SIGKILL)
        if worker is not None:
            worker.terminate()
            worker.wait(30)
    assert message.turn_attempts == 2 and message.turn_claimed_by.startswith("turns-")
    with db.session() as s:
        reports = s.scalars(select(AbsenceReport)).all()
        replies = s.scalars(select(OutboxMessage).where(OutboxMessage.kind == "reply")).all()
    assert [(r.student_id, r.reason) for r in reports] == [(family.children["Sofia"],
                                                            "illness")]
    assert replies and all(r.to == family.phone and r.language == "es" for r in replies)
    keys = [r.idempotency_key for r in replies]
    assert len(keys) == len(set(keys)) and all(k.startswith(f"turn-reply:{message.id}:")
                                               for k in keys)
