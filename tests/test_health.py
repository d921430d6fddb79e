"""GET /healthz reports each part; 503 when a required part is down.

Rasa and the action server are replaced by tiny real HTTP servers on loopback here (the real
Rasa is exercised in tests/integration); "down" is a port nobody listens on."""

import json
import socket
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from config import DEV_SECRET_KEY, Config
from models import Heartbeat
from models.base import utcnow
from webhook import create_app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def fake_services():
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server API)
            body = {"/status": {"model_file": "showup.tar.gz"}, "/health": {"status": "ok"}}.get(
                self.path)
            self.send_response(200 if body else 404)
            self.end_headers()
            self.wfile.write(json.dumps(body or {}).encode())

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def beat(app, age_seconds=0):
    with app.extensions["db"].session() as s:
        s.merge(Heartbeat(name="clock", beat_at=utcnow() - timedelta(seconds=age_seconds)))


def test_all_parts_up(app, client, fake_services):
    app.config.update(RASA_URL=fake_services, ACTIONS_URL=fake_services)
    beat(app)
    resp = client.get("/healthz")
    assert resp.status_code == 200, resp.json
    assert resp.json["status"] == "ok"
    assert all(p["ok"] for p in resp.json["parts"].values())


def test_rasa_down_is_503(app, client, fake_services):
    app.config.update(RASA_URL=f"http://127.0.0.1:{free_port()}", ACTIONS_URL=fake_services)
    beat(app)
    resp = client.get("/healthz")
    assert resp.status_code == 503
    assert resp.json["parts"]["rasa"]["ok"] is False
    assert resp.json["parts"]["action_server"]["ok"] is True
    assert resp.json["parts"]["database"]["ok"] is True


def test_stale_clock_heartbeat_is_503(app, client, fake_services):
    app.config.update(RASA_URL=fake_services, ACTIONS_URL=fake_services)
    beat(app, age_seconds=3600)
    resp = client.get("/healthz")
    assert resp.status_code == 503
    assert resp.json["parts"]["scheduler"]["ok"] is False


def test_database_down_is_503(app, client, fake_services):
    from models.db import Database

    app.config.update(RASA_URL=fake_services, ACTIONS_URL=fake_services)
    app.extensions["db"] = app.extensions["pipeline"].db = Database(
        "postgresql://nobody@127.0.0.1:1/none")
    resp = client.get("/healthz")
    assert resp.status_code == 503
    assert resp.json["parts"]["database"]["ok"] is False


def test_the_app_refuses_the_built_in_secret_key_outside_debug_and_tests():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Config, SECRET_KEY=DEV_SECRET_KEY, DATABASE_URL="sqlite://")
    assert create_app(Config, SECRET_KEY="k" * 64, DATABASE_URL="sqlite://")
    assert create_app(Config, SECRET_KEY=DEV_SECRET_KEY, DATABASE_URL="sqlite://",
                      TESTING=True)


def test_session_cookies_are_secure_except_on_this_machine(app):
    # The sign-in page puts its CSRF token in the session: it sets the cookie.
    local = app.test_client().get("/admin/login", base_url="http://127.0.0.1:5000")
    public = app.test_client().get("/admin/login", base_url="https://showup.example.org")
    assert "session=" in local.headers["Set-Cookie"] and "Secure" not in local.headers[
        "Set-Cookie"]
    assert "session=" in public.headers["Set-Cookie"] and "Secure" in public.headers[
        "Set-Cookie"]


def test_a_half_configured_twilio_is_503_and_the_clock_says_so_once(app, client, fake_services,
                                                                    monkeypatch, caplog):
    from scheduler import jobs

    app.config.update(RASA_URL=fake_services, ACTIONS_URL=fake_services, SMS_TRANSPORT="",
                      TWILIO_ACCOUNT_SID="AC" + "0" * 32, TWILIO_AUTH_TOKEN="token",
                      TWILIO_MESSAGING_SERVICE_SID="", TWILIO_FROM_NUMBER="")
    beat(app)
    resp = client.get("/healthz")
    assert resp.status_code == 503
    assert resp.json["parts"]["sms"] == {
        "ok": False, "error": "Twilio needs TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM_NUMBER"}

    for name, value in (("TWILIO_ACCOUNT_SID", "AC" + "0" * 32), ("TWILIO_AUTH_TOKEN", "t"),
                        ("TWILIO_MESSAGING_SERVICE_SID", ""), ("TWILIO_FROM_NUMBER", ""),
                        ("SMS_TRANSPORT", "")):
        monkeypatch.setattr(jobs.Config, name, value)
    jobs.outbox_transport.cache_clear()
    jobs._TRANSPORT_ERRORS.clear()
    with caplog.at_level("ERROR", logger="scheduler.jobs"):
        results = [jobs.outbox(db=app.extensions["db"]) for _ in range(3)]
    assert results == [{"sent": 0, "unconfigured": 1}] * 3
    assert [r.getMessage() for r in caplog.records].count(
        "the outbox cannot send: Twilio needs TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM_NUMBER "
        "(messages wait in the outbox; see /healthz)") == 1
    jobs.outbox_transport.cache_clear()
