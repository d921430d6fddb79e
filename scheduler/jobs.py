"""Job functions run by the clock. Each builds what it needs from the environment's config."""

from __future__ import annotations

from functools import lru_cache

from config import Config
from models import Heartbeat
from models.base import utcnow
from models.db import Database


@lru_cache(maxsize=1)
def database() -> Database:
    return Database(Config.DATABASE_URL)


def heartbeat(name: str = "clock") -> None:
    """Record that the clock is alive (read by /healthz)."""
    with database().session() as session:
        beat = session.get(Heartbeat, name)
        if beat is None:
            session.add(Heartbeat(name=name, beat_at=utcnow()))
        else:
            beat.beat_at = utcnow()


@lru_cache(maxsize=1)
def outbox_transport():
    """One transport per clock process, so the Twilio client's HTTP connections are reused."""
    from bot.outbox.transports import build_transport

    return build_transport(Config)


def drain_outbox() -> dict[str, int]:
    """Send the outbox messages that are due (bot.outbox.sender.drain); returns its counts."""
    from bot.outbox.sender import drain

    return drain(database(), outbox_transport())
