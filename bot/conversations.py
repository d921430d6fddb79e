"""Conversation look-up and hand-off to staff, shared by the pipeline and the Rasa actions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from models import Conversation, Guardian
from models.base import utcnow
from models.conversation import OPEN

# Hand-off priorities: the inbox sorts by priority, then by age.
PRIORITY_URGENT, PRIORITY_HIGH, PRIORITY_NORMAL = 2, 1, 0
# The hand-off made only because Rasa did not answer (bot.late_replies gives it back).
BOT_UNAVAILABLE = "bot_unavailable"
# The bot's turn failed twice on a message (bot.turn_queue): a person answers it; never retried.
TURN_FAILED = "turn_failed"


def open_conversation(
    session: Session, phone: str, channel: str, guardian: Guardian | None
) -> Conversation:
    """The phone's current (not closed) conversation on this channel, or a new one.

    One open conversation per phone and channel is a unique index in the database, so two
    webhooks from a new number at the same moment open one: the insert is ON CONFLICT DO
    NOTHING (it waits for the other transaction, then does nothing), and the row is read
    back."""
    conv = _current(session, phone, channel)
    if conv is None:
        _insert_open(session, {
            "phone": phone, "channel": channel, "state": "bot", "priority": 0,
            "guardian_id": guardian.id if guardian else None,
            "school_id": _school_id(guardian), "created_at": utcnow(), "updated_at": utcnow(),
        })
        conv = _current(session, phone, channel)
    conv.updated_at = utcnow()
    return conv


def _current(session: Session, phone: str, channel: str) -> Conversation | None:
    return session.scalar(
        select(Conversation)
        .where(Conversation.phone == phone, Conversation.channel == channel,
               Conversation.state != "closed")
        .order_by(Conversation.id.desc())
        .execution_options(populate_existing=True)
    )


def _insert_open(session: Session, values: dict) -> None:
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if insert is None:
        raise NotImplementedError(f"conversations support PostgreSQL and SQLite, not {dialect}")
    session.execute(insert(Conversation).values(**values).on_conflict_do_nothing(
        index_elements=["phone", "channel"], index_where=OPEN))


def _school_id(guardian: Guardian | None) -> int | None:
    if guardian is None or not guardian.students:
        return None
    return guardian.students[0].school_id


def give_back_to_bot(conv: Conversation) -> None:
    """The bot answers this family again; the hand-off is cleared."""
    conv.state = "bot"
    conv.priority = 0
    conv.handoff_reason = None
    conv.assignee_id = None
    conv.updated_at = utcnow()


def hand_off(conv: Conversation, reason: str, priority: int = PRIORITY_NORMAL) -> bool:
    """Give the conversation to staff. Returns True when it was not already with staff
    (the bot says "a person will reply" only once)."""
    already = conv.state == "waiting"
    conv.state = "waiting"
    conv.priority = max(conv.priority or 0, priority)
    if not already or not conv.handoff_reason:
        conv.handoff_reason = reason
    conv.updated_at = utcnow()
    return not already
