"""Conversations and their messages, in and out, on every channel."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Timestamped, utcnow

STATES = ("bot", "waiting", "closed")  # waiting = handed to staff
OPEN = text("state != 'closed'")


class Conversation(Timestamped, Base):
    """One open thread per phone number and channel. ``guardian_id`` is NULL for unknown numbers;
    ``school_id`` is the school it was opened for (the first child's). Staff visibility is wider:
    every school where a guardian on the phone has a child (admin.scope)."""

    __tablename__ = "conversations"
    __table_args__ = (
        CheckConstraint("state IN ('bot', 'waiting', 'closed')", name="state"),
        # One open conversation per phone and channel, enforced by the database: concurrent
        # webhooks from one new number must not open two (bot.conversations).
        Index("uq_conversations_open_phone_channel", "phone", "channel", unique=True,
              sqlite_where=OPEN, postgresql_where=OPEN),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(40), index=True)
    channel: Mapped[str] = mapped_column(String(16), default="sms")
    guardian_id: Mapped[int | None] = mapped_column(ForeignKey("guardians.id"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="bot")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    priority: Mapped[int] = mapped_column(Integer, default=0)  # higher = more urgent
    handoff_reason: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    messages = relationship("Message", back_populates="conversation", order_by="Message.id")
    guardian = relationship("Guardian")


class Message(Timestamped, Base):
    __tablename__ = "messages"
    __table_args__ = (
        CheckConstraint("direction IN ('in', 'out')", name="direction"),
        # The turn queue (bot.turn_queue) reads only the few messages waiting for a turn.
        Index("ix_messages_turn_queue", "id", sqlite_where=text("status = 'turn_queued'"),
              postgresql_where=text("status = 'turn_queued'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    direction: Mapped[str] = mapped_column(String(3))
    channel: Mapped[str] = mapped_column(String(16), default="sms")
    # Twilio MessageSid (or web chat id): unique, so a retried webhook stores nothing twice.
    provider_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    body: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str | None] = mapped_column(String(8))
    translation_en: Mapped[str | None] = mapped_column(Text)
    media: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="received")
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    # The turn queue (bot.turn_queue): who took this message's turn, when, and how many times.
    turn_claimed_by: Mapped[str | None] = mapped_column(String(64))
    turn_claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    turn_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    conversation = relationship("Conversation", back_populates="messages")
