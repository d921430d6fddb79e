"""Shared fixtures: the app on a real database (SQLite in memory by default, PostgreSQL when
TEST_DATABASE_URL is set), a CLI runner, factory helpers, and a guard that fails any test that
tries to reach the internet."""

from __future__ import annotations

import ipaddress
import os
import socket
from datetime import time

import pytest
from sqlalchemy import text

import models
from config import TestConfig
from models import Guardian, School, Student, StudentGuardian
from models.migrate import upgrade
from webhook import create_app

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")
IS_POSTGRES = TEST_DATABASE_URL.startswith("postgresql")


# --- no internet ---------------------------------------------------------------------------
_real_connect = socket.socket.connect


def _guarded_connect(sock, address):
    host = address[0] if isinstance(address, tuple) else None
    if host is not None:
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            ip = None  # a hostname: resolved by getaddrinfo below, which is also guarded
        if ip is not None and not ip.is_loopback:
            raise RuntimeError(f"test tried to reach the network: {host}")
    return _real_connect(sock, address)


_real_getaddrinfo = socket.getaddrinfo


def _guarded_getaddrinfo(host, *args, **kwargs):
    if host not in (None, "localhost", "127.0.0.1", "::1", "") and not str(host).startswith("127."):
        raise RuntimeError(f"test tried to resolve {host!r}: tests never reach the internet")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True, scope="session")
def no_internet():
    socket.socket.connect = _guarded_connect
    socket.getaddrinfo = _guarded_getaddrinfo
    yield
    socket.socket.connect = _real_connect
    socket.getaddrinfo = _real_getaddrinfo


# --- database ------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def database_url():
    if IS_POSTGRES:
        from models.db import make_engine

        engine = make_engine(TEST_DATABASE_URL)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        upgrade(TEST_DATABASE_URL)
    return TEST_DATABASE_URL


def _truncate(db) -> None:
    names = ", ".join(t.name for t in models.Base.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(TestConfig, DATABASE_URL=database_url, SHOWUP_TMP=str(tmp_path))
    db = app.extensions["db"]
    if IS_POSTGRES:
        _truncate(db)
    else:
        # In-memory SQLite lives as long as the app's engine: migrate it fresh for each test.
        with db.engine.begin() as conn:
            upgrade(database_url, connection=conn)
    yield app
    db.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(app):
    """A session on the app's database; committed at the end of the test's with-blocks."""
    db = app.extensions["db"]
    s = db.Session()
    yield s
    s.close()


# --- factories -----------------------------------------------------------------------------
def make_school(session, code="BHE", name="Bret Harte Elementary School", **kw) -> School:
    school = School(code=code, name=name, phone=kw.pop("phone", "+19162643100"),
                    address=kw.pop("address", "2751 9th Ave, Sacramento, CA 95818"),
                    start_time=kw.pop("start_time", time(8, 0)),
                    end_time=kw.pop("end_time", time(14, 30)), **kw)
    session.add(school)
    session.flush()
    return school


_student_ids = iter(range(1000, 10**6))


def make_family(session, school=None, phone="+19165550101", language="es",
                guardian_name="Maria Lopez", children=("Sofia",), last_name="Lopez") -> Guardian:
    school = school or session.query(School).first() or make_school(session)
    guardian = Guardian(name=guardian_name, phone=phone, language=language)
    session.add(guardian)
    for first in children:
        student = Student(sis_id=f"S{next(_student_ids)}", first_name=first, last_name=last_name,
                          grade="3", school=school)
        session.add(student)
        session.flush()
        session.add(StudentGuardian(
            student=student, guardian=guardian, relationship_label="mother"
        ))
    session.flush()
    return guardian


# --- Twilio ----------------------------------------------------------------------------------
TWILIO_TOKEN = "test-auth-token-0123456789abcdef"
SMS_URL = "http://localhost/twilio/sms"


def sign(url: str, params: dict, token: str = TWILIO_TOKEN) -> str:
    from twilio.request_validator import RequestValidator

    return RequestValidator(token).compute_signature(url, params)


_sids = iter(range(10**6))


def send_sms(client, body: str, sender: str = "+19165550101", sid: str | None = None,
             media: list[str] | None = None, url: str = SMS_URL, **extra):
    """POST a correctly signed Twilio SMS webhook; returns the Flask response."""
    params = {"From": sender, "To": "+19165550000", "Body": body,
              "MessageSid": sid or f"SM{next(_sids):032x}", "NumMedia": str(len(media or []))}
    for i, media_url in enumerate(media or []):
        params[f"MediaUrl{i}"] = media_url
        params[f"MediaContentType{i}"] = "image/jpeg"
    params.update(extra)
    return client.post(url, data=params, headers={"X-Twilio-Signature": sign(url, params)})


class FakeRasa:
    """Stands in for bot.clients.rasa.RasaClient in unit tests: answers with canned bot acts, or
    raises RasaUnavailable when ``down``. Records what it was sent."""

    def __init__(self, acts=None, down=False, confidence=None):
        self.acts = acts if acts is not None else [{"template": "thanks"}]
        self.down = down
        self.sent: list[dict] = []
        # NLU confidence per text for parse(); texts not listed get 0.99.
        self.confidence = confidence or {}

    def parse(self, text):
        from bot.clients.rasa import RasaUnavailable

        if self.down:
            raise RasaUnavailable("down")
        return {"text": text, "entities": [], "intent": {
            "name": "report_absence", "confidence": self.confidence.get(text, 0.99)}}

    def send(self, sender, text, metadata):
        from bot.clients.rasa import RasaUnavailable

        self.sent.append({"sender": sender, "text": text, "metadata": metadata})
        if self.down:
            raise RasaUnavailable("down")
        return [{"recipient_id": sender, "custom": act} for act in self.acts]


@pytest.fixture
def fake_rasa(app):
    fake = FakeRasa()
    app.extensions["pipeline"].rasa = fake
    app.config["TWILIO_AUTH_TOKEN"] = TWILIO_TOKEN
    return fake
