"""Shared fixtures: the app on a real database (SQLite in memory by default, PostgreSQL when
TEST_DATABASE_URL is set), a CLI runner, a fake Rasa, and a guard that fails any test that tries
to reach the internet. Factories and fakes live in tests/factories.py."""

from __future__ import annotations

import ipaddress
import os
import socket
import sys

import pytest
from sqlalchemy import text

import models
from config import TestConfig
from models.migrate import upgrade
from tests.factories import TWILIO_TOKEN, FakeRasa
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
    impact = sys.modules.get("bot.impact")
    if impact is not None:  # its dashboard cache is per process; each test has its own data
        impact._cache.clear()


@pytest.fixture
def concurrent_db(app, tmp_path):
    """A database several connections use at once, as in production: a SQLite file (the
    in-memory one is a single shared connection), or PostgreSQL with TEST_DATABASE_URL."""
    if IS_POSTGRES:
        yield app.extensions["db"]
        return
    from models.db import Database

    url = f"sqlite:///{tmp_path / 'concurrent.db'}"
    upgrade(url)
    database = Database(url)
    yield database
    database.dispose()


@pytest.fixture(autouse=True)
def no_holdout(monkeypatch):
    """Tests of the outreach expect every family to be texted; the holdout's own tests
    (tests/test_holdout.py) turn it on."""
    from config import Config

    monkeypatch.setattr(Config, "OUTREACH_HOLDOUT", 0.0)


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


@pytest.fixture
def fake_rasa(app):
    fake = FakeRasa()
    app.extensions["pipeline"].rasa = fake
    app.config["TWILIO_AUTH_TOKEN"] = TWILIO_TOKEN
    return fake


# --- no silent skips where the component must be there ---------------------------------------
REQUIRED = {m.strip() for m in os.environ.get("SHOWUP_REQUIRE", "").split(",") if m.strip()}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With SHOWUP_REQUIRE=prism,rasa,browser (.ci/run sets it), a test with one of those
    markers that skips — Prism, the trained model or Chromium missing — fails instead: a
    contract test must not go quietly missing."""
    outcome = yield
    report = outcome.get_result()
    needed = REQUIRED & {mark.name for mark in item.iter_markers()}
    if report.skipped and needed and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"required ({', '.join(sorted(needed))}) but skipped: {reason}"
