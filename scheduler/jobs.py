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


@lru_cache(maxsize=1)
def staff_translator():
    """One Translator per clock process: its cache and circuit breaker live across runs."""
    from bot.clients.translation import Translator

    return Translator.from_config(Config)


def translate_pending(limit: int = 50, db: Database | None = None,
                      translator=None) -> dict[str, int]:
    """English for staff: translate the newest inbound non-English messages that have none
    (bot.staff_translation.translate_pending; failures stay NULL, the admin page offers
    Retry); then the event titles and resource descriptions still missing a language
    (bot.district_text)."""
    from bot.district_text import translate_missing
    from bot.staff_translation import translate_pending as run

    translator = translator or staff_translator()
    result = run(db or database(), translator, limit=limit)
    # Event titles and resource descriptions a failed import-time translation left behind.
    translate_missing(db or database(), translator, limit=limit)
    return result


def nudges() -> int:
    """Queue the wake-up nudges due now (scheduler.nudges.queue_nudges)."""
    from scheduler.nudges import queue_nudges

    with database().session() as session:
        return queue_nudges(session)


def praise() -> int:
    """Queue today's attendance-streak praise (scheduler.nudges.queue_praise), in the
    district's time zone: runs in the afternoon, after the day's attendance is imported."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from scheduler.nudges import queue_praise

    with database().session() as session:
        return queue_praise(session, datetime.now(ZoneInfo(Config.DISTRICT_TIMEZONE)).date())
