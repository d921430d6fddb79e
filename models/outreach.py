"""What the outreach clock leaves behind besides texts: questions it asked a family and is
waiting on, milestones already praised, and tasks for a person.

- ``OutreachAsk``: a text that expects an answer — a follow-up after silent absences (the
  reply is read as the reason for those days), or the one-time offer of wake-up texts (a "yes"
  turns them on). Open until answered or ``ASK_OPEN_DAYS`` old.
- ``PraiseMilestone``: a milestone praised for a student in a school year, so it is never
  praised twice, whichever job or run reaches it.
- ``StaffTask``: work the clock gives staff — a student at the severe tier with no contact, three
  school days absent without a word — listed for the staff of the student's school.
Each row has a unique ``key`` built from what it is about, so a job that runs twice writes once.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Timestamped

ASK_KINDS = ("followup", "nudge_offer")
TASK_KINDS = ("severe_tier", "silent_absence")
MILESTONES = ("streak_5", "streak_10", "streak_20", "week", "month", "back_on_track")


class OutreachAsk(Timestamped, Base):
    """A question the clock texted to a phone; ``student_ids`` and ``days`` (ISO dates) say what
    it was about."""

    __tablename__ = "outreach_asks"
    __table_args__ = (CheckConstraint("kind IN ('followup', 'nudge_offer')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    phone: Mapped[str] = mapped_column(String(40), index=True)
    student_ids: Mapped[list] = mapped_column(JSON, default=list)
    days: Mapped[list] = mapped_column(JSON, default=list)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PraiseMilestone(Timestamped, Base):
    __tablename__ = "praise_milestones"
    __table_args__ = (UniqueConstraint("student_id", "school_year", "milestone"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    school_year: Mapped[int] = mapped_column()  # the year it started: 2026 for 2026-27
    milestone: Mapped[str] = mapped_column(String(16))
    day: Mapped[date] = mapped_column(Date)


class StaffTask(Timestamped, Base):
    """Outreach a person should do. ``details`` holds what staff need to see at once (the days
    missed, the rate and tier when it was created)."""

    __tablename__ = "staff_tasks"
    __table_args__ = (
        CheckConstraint("kind IN ('severe_tier', 'silent_absence')", name="kind"),
        Index("ix_staff_tasks_open", "school_id", "done_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"),
                                            index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))

    student = relationship("Student")
