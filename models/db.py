"""Engine and session factory. Nothing is built at import time.

``Database(url)`` owns one engine and one session factory. ``db.session()`` is a context
manager that commits on success and rolls back on error. The Flask app keeps one instance in
``app.extensions["db"]``; the action server and the clock build their own from ``DATABASE_URL``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets the web, actions and clock processes read while one of them writes.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


# Connections one process may hold at once. A web worker runs WEB_THREADS (12) request threads
# and REPLY_THREADS (4) turn threads: SQLAlchemy's default (5 + 10 overflow) would make the 16th
# wait for a connection. Only the 5 are kept open when idle.
POOL = {"pool_size": 5, "max_overflow": 20}


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        if url in ("sqlite://", "sqlite:///:memory:"):
            # One shared connection, or every session would see a different empty database.
            engine = create_engine(
                url, poolclass=StaticPool, connect_args={"check_same_thread": False}
            )
        else:
            Path(url.split("///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": 15}, **POOL)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    # JIT off: ShowUp's queries are short, and PostgreSQL's JIT compiled the inbox's query for
    # 28 ms to run it in 29 (its cost estimate for correlated subqueries passes jit_above_cost).
    return create_engine(url, pool_pre_ping=True, **POOL,
                         connect_args={"connect_timeout": 5, "options": "-c jit=off"})


class Database:
    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self.Session = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        session = self.Session()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
