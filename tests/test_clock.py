"""One active clock at a time, enforced by the database: a second clock waits as a standby and
takes over when the first dies — on PostgreSQL by advisory lock (two real clock processes, one
SIGKILLed), on SQLite by a lease that expires."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from config import ROOT
from models.db import Database
from models.migrate import upgrade
from scheduler import lock as clock_lock
from tests.conftest import IS_POSTGRES, TEST_DATABASE_URL

DEADLINE = 60.0  # the promise: a standby takes over within a minute


@pytest.fixture
def sqlite_db(tmp_path):
    url = f"sqlite:///{tmp_path / 'clock.db'}"
    upgrade(url)
    db = Database(url)
    yield db
    db.dispose()


def test_a_second_clock_waits_while_the_lease_is_held(sqlite_db, monkeypatch):
    first, second = clock_lock.ClockLock(sqlite_db), clock_lock.ClockLock(sqlite_db)
    assert first.try_acquire()
    assert not second.try_acquire()
    assert first.renew()
    first.release()
    assert second.try_acquire()


def test_a_standby_takes_over_an_expired_lease_and_the_old_clock_stops(sqlite_db, monkeypatch):
    monkeypatch.setattr(clock_lock, "LEASE_SECONDS", -1.0)  # every lease is already over
    first, second = clock_lock.ClockLock(sqlite_db), clock_lock.ClockLock(sqlite_db)
    assert first.try_acquire()
    assert second.try_acquire()  # first stopped renewing: taken over
    assert not first.renew()  # and the first learns it must stop


class Clock:
    """``python -m scheduler`` as a child process, its log read line by line."""

    def __init__(self, url: str, tmp_path: Path, name: str):
        self.log = tmp_path / f"{name}.log"
        env = {**os.environ, "DATABASE_URL": url, "CLOCK_STANDBY_POLL_SECONDS": "0.5",
               "CLOCK_LEASE_SECONDS": "3", "SMS_TRANSPORT": "console", "LOG_LEVEL": "INFO",
               "TRANSLATION_ENABLED": "false"}
        self.proc = subprocess.Popen([sys.executable, "-m", "scheduler"], cwd=ROOT, env=env,
                                     stdout=self.log.open("w"), stderr=subprocess.STDOUT)

    def says(self, text: str, deadline: float = DEADLINE) -> float:
        """Seconds until ``text`` appears in the log (polling, bounded by ``deadline``)."""
        start = time.monotonic()
        while time.monotonic() - start < deadline:
            if text in self.log.read_text():
                return time.monotonic() - start
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)  # polling interval while the clock works
        raise AssertionError(f"{text!r} not seen:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def _two_clocks(url: str, tmp_path: Path) -> float:
    first = Clock(url, tmp_path, "first")
    second = None
    try:
        first.says("clock: active")
        second = Clock(url, tmp_path, "second")
        second.says("waiting as a standby")
        assert "clock: active" not in second.log.read_text()
        first.proc.send_signal(signal.SIGKILL)
        first.proc.wait(timeout=10)
        return second.says("clock: active")
    finally:
        first.stop()
        if second is not None:
            second.stop()


@pytest.mark.postgres
def test_two_clocks_on_postgresql_one_killed(app, tmp_path):
    if not IS_POSTGRES:
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL): the advisory lock")
    took_over = _two_clocks(TEST_DATABASE_URL, tmp_path)
    assert took_over < DEADLINE


def test_two_clocks_on_sqlite_one_killed(tmp_path):
    url = f"sqlite:///{tmp_path / 'clocks.db'}"
    upgrade(url)
    assert _two_clocks(url, tmp_path) < DEADLINE
