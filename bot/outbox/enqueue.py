"""Put one outbound message in the outbox, inside the caller's transaction.

``enqueue(session, key=..., guardian=..., body=..., kind=...)`` inserts an OutboxMessage and
returns it; the caller commits it together with the reason for it (the RSVP, the staff reply...).
The same ``key`` twice returns the row already there and never raises, so retried jobs and
webhooks cannot text a family twice; the caller's transaction stays usable.
``enqueue_many(session, drafts)`` is the same for a fan-out, in a few set-based queries.

- A guardian who opted out, a phone that did (bot.opt_out, also for a number not in the roster)
  or a phone that is unreachable gets a "suppressed" row: kept for the record, never sent.
- ``not_before`` is now, or the end of quiet hours (school's time zone) when the message is
  neither urgent nor a wake-up nudge (the family chose that time).
- ``priority``: urgent, then answers to the family (REPLY_KINDS), then fan-out; the sender
  takes them in that order.
- ``segments`` is computed here (bot.messages.segments), for cost and rate pacing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.messages.segments import count_segments
from bot.opt_out import is_opted_out, opted_out_phones
from bot.outbox.quiet_hours import (
    DEFAULT_TZ,
    guardian_timezone,
    guardian_timezones,
    next_allowed,
)
from config import Config
from models import Guardian, OutboxMessage
from models.base import utcnow
from models.outbox import PRIORITY_FAN_OUT, PRIORITY_REPLY, PRIORITY_URGENT

CHANNELS = ("sms", "whatsapp")
CHUNK = 1000
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


def _row(*, key: str, guardian: Guardian | None, body: str, kind: str, urgent: bool,
         conversation_id: int | None, language: str | None, channel: str, to: str,
         blocked: bool, not_before: datetime, now: datetime) -> dict:
    return {
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
    }


@dataclass(frozen=True)
class Draft:
    """One text of a fan-out, for ``enqueue_many``."""

    key: str
    guardian: Guardian
    body: str
    kind: str
    language: str | None = None


def enqueue_many(session: Session, drafts: list[Draft], now: datetime | None = None,
                 quiet: str | None = None) -> None:
    """Queue a fan-out: the same rules as ``enqueue`` (suppressed when opted out or
    unreachable, quiet hours in each family's school's time zone, a duplicate key is ignored),
    with a few set-based queries and batched inserts instead of several queries per text:
    40,000 invitations in seconds, not minutes. SMS to each guardian's phone."""
    if not drafts:
        return
    now = now or utcnow()
    quiet = Config.QUIET_HOURS if quiet is None else quiet
    guardians = {d.guardian.id: d.guardian for d in drafts}
    opted_out = opted_out_phones(session, sorted({g.phone for g in guardians.values()}))
    zones = guardian_timezones(session, list(guardians))
    allowed: dict[str, datetime] = {}  # per time zone: the same for every family in it
    rows = []
    for draft in drafts:
        guardian = draft.guardian
        blocked = guardian.opted_out or guardian.phone_unreachable or guardian.phone in opted_out
        not_before = now
        if not blocked and draft.kind not in NOT_HELD_KINDS:
            zone = zones.get(guardian.id, DEFAULT_TZ)
            if zone not in allowed:
                allowed[zone] = next_allowed(now, zone, quiet)
            not_before = allowed[zone]
        rows.append(_row(key=draft.key, guardian=guardian, body=draft.body, kind=draft.kind,
                         urgent=False, conversation_id=None, language=draft.language,
                         channel="sms", to=guardian.phone, blocked=blocked,
                         not_before=not_before, now=now))
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect](OutboxMessage)
    stmt = insert.on_conflict_do_nothing(index_elements=["idempotency_key"])
    for start in range(0, len(rows), CHUNK):
        session.execute(stmt, rows[start:start + CHUNK])


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
    new_id = _insert_ignoring_duplicate(session, _row(
        key=key, guardian=guardian, body=body, kind=kind, urgent=urgent,
        conversation_id=conversation_id, language=language, channel=channel, to=to,
        blocked=blocked, not_before=not_before, now=now))
    if new_id is not None:
        return session.get(OutboxMessage, new_id)
    return session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == key))


def enqueue_reply(session: Session, conv, key: str, reply, answering) -> OutboxMessage | None:
    """Send the bot's stored ``reply`` (a Message of ``conv``) to the family's message
    ``answering`` after its webhook has answered: SMS and WhatsApp through the outbox (linked to
    the reply, for its delivery state). The web chat shows the stored message, and a message
    staff typed in the simulator (provider id "sim:…") is never answered on the family's real
    phone: there the reply is only marked sent."""
    if conv.channel not in CHANNELS or (answering.provider_id or "").startswith("sim:"):
        reply.status = "sent"
        return None
    session.flush()
    row = enqueue(session, key=key, guardian=conv.guardian, body=reply.body, kind="reply",
                  conversation_id=conv.id, language=reply.language, channel=conv.channel,
                  to=conv.phone)
    if row is not None:
        row.message_id = reply.id
    return row
