"""One active clock at a time, enforced by the database.

Two schedulers on one job store fire every job twice, so a clock started by mistake — or kept as
a standby — must wait. ``ClockLock(url).acquire(wait=True)`` returns once this process is the
active clock:

- PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) on a connection held for
  the life of the process. When the process dies, even by SIGKILL, the server drops the
  connection and the lock with it; a standby polling every few seconds takes over.
- SQLite: a row in ``clock_leases`` with a holder and an expiry. The active clock renews it
  (``renew()``, every LEASE_SECONDS / 3); a standby takes over once it has expired, so within a
  minute of the active clock dying.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from datetime import timedelta

from sqlalchemy import delete, select, update

from models import ClockLease
from models.base import utcnow
from models.db import Database

log = logging.getLogger(__name__)
ADVISORY_KEY = 0x53686F77  # "Show": ShowUp's clock
LEASE_SECONDS = float(os.environ.get("CLOCK_LEASE_SECONDS", "45"))
POLL_SECONDS = float(os.environ.get("CLOCK_STANDBY_POLL_SECONDS", "5"))
NAME = "clock"


class ClockLock:
    def __init__(self, db: Database):
        self.db = db
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._connection = None
        self.postgres = db.engine.dialect.name == "postgresql"

    def try_acquire(self) -> bool:
        if self.postgres:
            return self._try_advisory()
        return self._try_lease()

    def acquire(self, wait: bool = True) -> bool:
        """Become the active clock; with ``wait``, block (as a standby) until this happens."""
        announced = False
        while True:
            if self.try_acquire():
                log.info("clock: active (%s)", self.holder)
                return True
            if not wait:
                return False
            if not announced:
                log.info("clock: another clock is active; waiting as a standby")
                announced = True
            time.sleep(POLL_SECONDS)  # standby: poll until the active clock is gone

    def renew(self) -> bool:
        """Keep the lease (SQLite); False when another clock has taken it over."""
        if self.postgres:
            return True  # the advisory lock lives as long as the connection
        with self.db.session() as session:
            renewed = session.execute(
                update(ClockLease).where(ClockLease.name == NAME,
                                         ClockLease.holder == self.holder)
                .values(expires_at=utcnow() + timedelta(seconds=LEASE_SECONDS))).rowcount
        return renewed == 1

    def release(self) -> None:
        if self.postgres:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
            return
        with self.db.session() as session:
            session.execute(delete(ClockLease).where(ClockLease.name == NAME,
                                                     ClockLease.holder == self.holder))

    def _try_advisory(self) -> bool:
        if self._connection is None:
            self._connection = self.db.engine.raw_connection()
        cursor = self._connection.cursor()
        cursor.execute("SELECT pg_try_advisory_lock(%s)", (ADVISORY_KEY,))
        got = bool(cursor.fetchone()[0])
        self._connection.commit()
        cursor.close()
        return got

    def _try_lease(self) -> bool:
        now = utcnow()
        with self.db.session() as session:
            lease = session.scalar(select(ClockLease).where(ClockLease.name == NAME))
            if lease is None:
                session.add(ClockLease(name=NAME, holder=self.holder,
                                       expires_at=now + timedelta(seconds=LEASE_SECONDS)))
                return True
            expires = lease.expires_at if lease.expires_at.tzinfo else \
                lease.expires_at.replace(tzinfo=now.tzinfo)
            if lease.holder != self.holder and expires > now:
                return False
            taken = session.execute(
                update(ClockLease).where(ClockLease.name == NAME,
                                         ClockLease.holder == lease.holder,
                                         ClockLease.expires_at == lease.expires_at)
                .values(holder=self.holder,
                        expires_at=now + timedelta(seconds=LEASE_SECONDS))).rowcount
            return taken == 1
