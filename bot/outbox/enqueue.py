"""Put one outbound message in the outbox, inside the caller's transaction.

``enqueue(session, key=..., guardian=..., body=..., kind=...)`` inserts an OutboxMessage and
returns it; the caller commits it together with the reason for it (the RSVP, the staff reply...).
The same ``key`` twice returns the row already there and never raises, so retried jobs and
webhooks cannot text a family twice; the caller's transaction stays usable.

- A guardian who opted out, a phone that did (bot.opt_out, also for a number not in the roster)
  or a phone that is unreachable gets a "suppressed" row: kept for the record, never sent.
- ``not_before`` is now, or the end of quiet hours (school's time zone) when the message is
  neither urgent nor a wake-up nudge (the family chose that time).
- ``priority``: urgent, then answers to the family (REPLY_KINDS), then fan-out; the sender
  takes them in that order.
- ``segments`` is computed here (bot.messages.segments), for cost and rate pacing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.messages.segments import count_segments
from bot.opt_out import is_opted_out
from bot.outbox.quiet_hours import guardian_timezone, next_allowed
from config import Config
from models import Guardian, OutboxMessage
from models.base import utcnow
from models.outbox import PRIORITY_FAN_OUT, PRIORITY_REPLY, PRIORITY_URGENT

CHANNELS = ("sms", "whatsapp")
NOT_HELD_KINDS = frozenset({"nudge"})  # sent at the time the family chose
# Answers to something the family did (wrote, asked for a link or a code): before any fan-out.
REPLY_KINDS = frozenset({"reply", "staff_reply", "chat_link", "verification"})


def priority_of(kind: str, urgent: bool) -> int:
    if urgent:
        return PRIORITY_URGENT
    return PRIORITY_REPLY if kind in REPLY_KINDS else PRIORITY_FAN_OUT


def _insert_ignoring_duplicate(session: Session, values: dict) -> int | None:
    """INSERT ... ON CONFLICT (idempotency_key) DO NOTHING; the new id, or None on a duplicate.

    Why not a SAVEPOINT around a plain INSERT: with the sqlite3 driver a SAVEPOINT opened before
    the transaction's first write becomes the outermost transaction, and its RELEASE commits:
    the row would survive the caller's rollback. ON CONFLICT never raises, on both databases."""
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if insert is None:
        raise NotImplementedError(f"enqueue supports PostgreSQL and SQLite, not {dialect}")
    stmt = (insert(OutboxMessage).values(**values)
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
            .returning(OutboxMessage.id))
    return session.execute(stmt).scalar_one_or_none()


def enqueue(session: Session, *, key: str, guardian: Guardian | None, body: str, kind: str,
            urgent: bool = False, conversation_id: int | None = None, language: str | None = None,
            channel: str = "sms", to: str | None = None, now: datetime | None = None,
            quiet: str | None = None) -> OutboxMessage | None:
    """Queue ``body`` for ``guardian`` (or for ``to`` when there is no guardian).

    ``to`` defaults to the guardian's phone; a "whatsapp:" prefix is stripped and selects the
    WhatsApp channel. ``now`` and ``quiet`` (default Config.QUIET_HOURS) exist for tests.
    Returns the new or existing row; None only if the key collided with a row that is no longer
    visible (deleted meanwhile)."""
    if not body:
        raise ValueError("an outbox message needs a body")
    if guardian is not None and guardian.id is None:
        session.flush()  # a guardian created in this transaction needs its id for the row
    to = to or (guardian.phone if guardian is not None else None)
    if not to:
        raise ValueError("an outbox message needs a guardian or a 'to' number")
    if to.lower().startswith("whatsapp:"):
        to, channel = to[len("whatsapp:"):], "whatsapp"
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    now = now or utcnow()
    blocked = (guardian is not None and (guardian.opted_out or guardian.phone_unreachable)) \
        or is_opted_out(session, to)
    not_before = now
    if not blocked and not urgent and kind not in NOT_HELD_KINDS:
        not_before = next_allowed(
            now, guardian_timezone(session, guardian),
            Config.QUIET_HOURS if quiet is None else quiet,
        )
    new_id = _insert_ignoring_duplicate(session, {
        "idempotency_key": key,
        "guardian_id": guardian.id if guardian is not None else None,
        "conversation_id": conversation_id,
        "to": to,
        "channel": channel,
        "body": body,
        "language": language or (guardian.language if guardian is not None else "en"),
        "kind": kind,
        "urgent": urgent,
        "priority": priority_of(kind, urgent),
        "status": "suppressed" if blocked else "queued",
        "attempts": 0,
        "not_before": not_before,
        "segments": count_segments(body),
        "created_at": now,
    })
    if new_id is not None:
        return session.get(OutboxMessage, new_id)
    return session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == key))
