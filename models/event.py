"""Events (workshops, family nights), their titles in each language, and families' RSVPs."""

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

from models.base import Base, LanguageText, Timestamped

AUDIENCE_DEFAULT = "school"  # every family of the school; "grade:K-3"; "tier:at_risk+"


class Event(Timestamped, Base):
    """A workshop or family night. ``school_id`` NULL means district-wide. ``code`` is the
    district's own id for it (the events file's key); ``title`` is the staff's English, and what
    a family reads is the EventTitle in their language."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    place: Mapped[str] = mapped_column(String(300), default="")
    meal: Mapped[str] = mapped_column(String(32), default="")  # "dinner", "lunch", "" = none
    childcare: Mapped[bool] = mapped_column(Boolean, default=False)
    audience: Mapped[str] = mapped_column(String(32), default=AUDIENCE_DEFAULT)
    invite_days_before: Mapped[int] = mapped_column(Integer, default=14)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    school = relationship("School")
    titles = relationship("EventTitle", cascade="all, delete-orphan", back_populates="event")


class EventTitle(LanguageText, Base):
    """An event's title in one language (models.base.LanguageText)."""

    __tablename__ = "event_titles"
    __table_args__ = (
        UniqueConstraint("event_id", "language"),
        CheckConstraint("origin IN ('staff', 'machine')", name="origin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(300))

    event = relationship("Event", back_populates="titles")


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
    guardian = relationship("Guardian")
