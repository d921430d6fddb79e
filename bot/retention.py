"""Retention: what families wrote is not kept forever.

``erase_old_bodies(session, now, days)`` blanks the text of every message, in and out, older than
``days`` (RETENTION_DAYS): the body, its English translation and its media links; and the body
of outbox rows already sent, failed or suppressed (never one still waiting to go). The rows stay,
with who, when, which way and in which language, and so does everything made from them:
absence reports and reasons, RSVPs, resource requests, tiers, counts.

``erase_old_tracker_events(url, now, days)`` deletes Rasa's tracker events older than that from
its SQL tracker store (RASA_TRACKER_URL): each user event carries the text and each bot event
the reply. A conversation still going on keeps its recent events.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import (
    MetaData,
    Table,
    Text,
    cast,
    create_engine,
    delete,
    inspect,
    or_,
    update,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from models import Message, OutboxMessage

log = logging.getLogger(__name__)

PENDING = ("queued", "sending")


def erase_old_bodies(session: Session, now: datetime, days: int) -> dict[str, int]:
    cutoff = now - timedelta(days=days)
    # A photo without text is a body too. (JSON has no equality in PostgreSQL: compare text.)
    has_media = cast(Message.media, Text) != "[]"
    messages = session.execute(
        update(Message).where(Message.created_at < cutoff,
                              or_(Message.body != "", Message.translation_en.is_not(None),
                                  has_media))
        .values(body="", translation_en=None, media=[])
        .execution_options(synchronize_session=False)).rowcount
    outbox = session.execute(
        update(OutboxMessage).where(OutboxMessage.created_at < cutoff, OutboxMessage.body != "",
                                    OutboxMessage.status.not_in(PENDING))
        .values(body="").execution_options(synchronize_session=False)).rowcount
    return {"messages": messages, "outbox": outbox}


def erase_old_tracker_events(url: str, now: datetime, days: int) -> int:
    """Delete Rasa tracker events older than ``days``; how many. 0 when there is no store yet
    (Rasa has not run) or no URL."""
    if not url:
        return 0
    engine = create_engine(url)
    try:
        if not inspect(engine).has_table("events"):
            return 0
        events = Table("events", MetaData(), autoload_with=engine)
        cutoff = (now - timedelta(days=days)).timestamp()  # Rasa stores epoch seconds
        with engine.begin() as conn:
            return conn.execute(delete(events).where(events.c.timestamp < cutoff)).rowcount
    except SQLAlchemyError as exc:
        log.warning("retention: Rasa's tracker store is unavailable (%s); tried again tomorrow",
                    type(exc).__name__)
        return 0
    finally:
        engine.dispose()
