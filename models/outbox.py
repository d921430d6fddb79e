"""The outbox: every outbound message is a row here first, then a sender delivers it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Timestamped, utcnow

# queued -> sending -> sent -> delivered | undelivered | failed ; held = waiting for quiet hours
# to end; suppressed = opted out or unreachable, never sent.


class OutboxMessage(Timestamped, Base):
    __tablename__ = "outbox"

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
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    provider_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    error_code: Mapped[str | None] = mapped_column(String(16))
    segments: Mapped[int] = mapped_column(Integer, default=1)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
