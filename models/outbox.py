"""The outbox: every outbound message is a row here first, then a sender delivers it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Timestamped, utcnow

# queued -> sending -> sent -> delivered | undelivered | failed ; suppressed = opted out or
# unreachable, never sent. A row waiting for quiet hours to end is "queued" with a later
# not_before.

# Sending order: urgent first, then answers to a family (a staff reply, a chat link, a code),
# then fan-out (nudges, praise, invitations...): a burst of invitations never delays a reply.
PRIORITY_URGENT, PRIORITY_REPLY, PRIORITY_FAN_OUT = 2, 1, 0


class OutboxMessage(Timestamped, Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "priority", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # e.g. "nudge:<guardian>:<date>": committing the same reason twice cannot send twice.
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    guardian_id: Mapped[int | None] = mapped_column(ForeignKey("guardians.id"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    to: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(16), default="sms")
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8), default="en")
    kind: Mapped[str] = mapped_column(String(32), default="reply")
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    priority: Mapped[int] = mapped_column(SmallInteger, default=PRIORITY_FAN_OUT,
                                          server_default="0")
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # When a sender took it ("sending"): a row still sending long after is checked against
    # Twilio's message list before it is sent again (bot.outbox.recovery).
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    provider_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    error_code: Mapped[str | None] = mapped_column(String(16))
    segments: Mapped[int] = mapped_column(Integer, default=1)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
