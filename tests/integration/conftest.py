"""Integration fixtures: the real Rasa server (trained model from ``make test``), the real
action server (bot.actions, the same code as production) and a real database that both the app
and the action server use (a SQLite file, or PostgreSQL with TEST_DATABASE_URL). Started once
per test session; each test starts from empty tables.

Skipped, with the reason, when no trained model is given (MODEL_PATH) or .venv-rasa is missing:
``make test`` provides both."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

import models
from bot.nlu import rasa_process
from config import TestConfig
from models.migrate import upgrade
from tests.factories import TWILIO_TOKEN
from webhook import create_app


@pytest.fixture(scope="session")
def live_database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return _migrated(f"sqlite:///{tmp_path_factory.mktemp('db') / 'showup.db'}")
    from models.db import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return _migrated(url)


def _migrated(url: str) -> str:
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def model_path():
    model = os.environ.get("MODEL_PATH")
    if not model or not Path(model).exists():
        pytest.skip("no trained Rasa model (MODEL_PATH): run `make test`, which trains it once")
    if not rasa_process.RASA_BIN.exists():
        pytest.skip(".venv-rasa is missing: run `make test`, which builds it")
    return Path(model)


@pytest.fixture(scope="session")
def action_server(live_database_url, model_path, tmp_path_factory):
    with rasa_process.action_server(tmp_path_factory.mktemp("actions"), live_database_url) as url:
        yield url


@pytest.fixture(scope="session")
def rasa_server(action_server, model_path, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("rasa")
    tracker = workdir / "tracker.db"  # a SQL tracker store, as in production
    with rasa_process.rasa_server(workdir, model_path, action_server,
                                  tracker_db=tracker) as (url, proc):
        yield {"url": url, "process": proc, "tracker_url": f"sqlite:///{tracker}"}


@pytest.fixture
def live_app(rasa_server, live_database_url, action_server):
    app = create_app(TestConfig, DATABASE_URL=live_database_url, RASA_URL=rasa_server["url"],
                     ACTIONS_URL=action_server, RASA_TIMEOUT=30.0,
                     TWILIO_AUTH_TOKEN=TWILIO_TOKEN)
    db = app.extensions["db"]
    with db.engine.begin() as conn:
        for table in reversed(models.Base.metadata.sorted_tables):
            conn.execute(table.delete())
    yield app
    db.dispose()
