"""flows/endpoints.production.yml, read by Rasa itself (in .venv-rasa): its tracker store opens
on PostgreSQL in a database of its own and its lock store on Redis, and two Rasa processes'
lock stores hand one conversation's turns over in order."""

import os
import subprocess

import pytest

from bot.nlu.rasa_process import RASA_BIN
from config import ROOT

# Required (not skipped) in .ci/run's PostgreSQL run; .venv-rasa is always built by make test.
pytestmark = pytest.mark.postgres

PG_ADMIN = os.environ.get("CI_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")

CHECK = r"""
import asyncio
from rasa.core.utils import read_endpoints_from_path
from rasa.core.tracker_store import TrackerStore
from rasa.core.lock_store import LockStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.core.events import UserUttered

endpoints = read_endpoints_from_path("flows/endpoints.production.yml")
assert endpoints.action.url == "http://127.0.0.1:5055/webhook"
store = TrackerStore.create(endpoints.tracker_store)
assert type(store).__name__ == "SQLTrackerStore" and store.engine.dialect.name == "postgresql"
tracker = DialogueStateTracker("family-1", [])
tracker.update(UserUttered("hola"))
asyncio.run(store.save(tracker))
assert asyncio.run(store.retrieve("family-1")).latest_message.text == "hola"

locks = LockStore.create(endpoints.lock_store)
assert type(locks).__name__ == "RedisLockStore"
other = LockStore.create(endpoints.lock_store)  # a second Rasa instance
order = []
async def turn(store, name):
    async with store.lock("family-1", wait_time_in_seconds=0.01):
        order.append(name + " in")
        await asyncio.sleep(0.05)
        order.append(name + " out")
async def both():
    await asyncio.gather(turn(locks, "a"), turn(other, "b"))
asyncio.run(both())
assert order in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"]), order
print("ok")
"""


def _database() -> str:
    """A database of Rasa's own, as production needs (made here if missing)."""
    psycopg = pytest.importorskip("psycopg")
    try:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'rasa_tracker_test'"
                                ).fetchone():
                conn.execute("CREATE DATABASE rasa_tracker_test")
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN}: {exc}")
    return "rasa_tracker_test"


def test_rasa_reads_the_production_endpoints_and_its_stores_work():
    if not RASA_BIN.exists():
        pytest.skip(".venv-rasa is missing: run `make test`, which builds it")
    redis = pytest.importorskip("redis")
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_timeout=2).ping()
    except redis.ConnectionError:
        pytest.skip("Redis not reachable at 127.0.0.1:6379")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "flows"),
           "RASA_TELEMETRY_ENABLED": "false", "ACTIONS_URL": "http://127.0.0.1:5055/webhook",
           "RASA_DB_HOST": "127.0.0.1", "RASA_DB_PORT": "5432", "RASA_DB_NAME": _database(),
           "RASA_DB_USER": "postgres", "RASA_DB_PASSWORD": "", "REDIS_HOST": "127.0.0.1",
           "REDIS_PORT": "6379", "REDIS_LOCK_DB": "3"}
    done = subprocess.run([str(RASA_BIN.parent / "python"), "-c", CHECK], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-3000:]
