"""Events (workshops, family nights) and families' RSVPs to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Timestamped


class Event(Timestamped, Base):
    """``school_id`` NULL means a district-wide event open to every school's families."""

    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("school_id", "topic_key", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    topic_key: Mapped[str] = mapped_column(String(64))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    duration_minutes: Mapped[int] = mapped_column(Integer, default=90)
    location: Mapped[str] = mapped_column(String(300), default="")
    childcare: Mapped[bool] = mapped_column(Boolean, default=False)
    dinner: Mapped[bool] = mapped_column(Boolean, default=False)

    school = relationship("School")


class Rsvp(Timestamped, Base):
    __tablename__ = "rsvps"
    __table_args__ = (
        UniqueConstraint("event_id", "guardian_id"),
        CheckConstraint("answer IN ('yes', 'no', 'maybe', 'invited')", name="answer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    guardian_id: Mapped[int] = mapped_column(ForeignKey("guardians.id", ondelete="CASCADE"))
    answer: Mapped[str] = mapped_column(String(8), default="invited")
    adults: Mapped[int | None] = mapped_column(Integer)
    children: Mapped[int | None] = mapped_column(Integer)
    needs_childcare: Mapped[bool | None] = mapped_column(Boolean)

    event = relationship("Event")
