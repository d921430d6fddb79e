"""Conversation look-up and hand-off to staff, shared by the pipeline and the Rasa actions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Conversation, Guardian
from models.base import utcnow

# Hand-off priorities: the inbox sorts by priority, then by age.
PRIORITY_URGENT, PRIORITY_HIGH, PRIORITY_NORMAL = 2, 1, 0


def open_conversation(
    session: Session, phone: str, channel: str, guardian: Guardian | None
) -> Conversation:
    """The phone's current (not closed) conversation on this channel, or a new one."""
    conv = session.scalar(
        select(Conversation)
        .where(Conversation.phone == phone, Conversation.channel == channel,
               Conversation.state != "closed")
        .order_by(Conversation.id.desc())
    )
    if conv is None:
        conv = Conversation(
            phone=phone, channel=channel, guardian_id=guardian.id if guardian else None,
            school_id=_school_id(guardian), state="bot",
        )
        session.add(conv)
        session.flush()
    conv.updated_at = utcnow()
    return conv


def _school_id(guardian: Guardian | None) -> int | None:
    if guardian is None or not guardian.students:
        return None
    return guardian.students[0].school_id


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
