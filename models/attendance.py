"""Daily attendance as imported from the student information system, and the rates and
Attendance Works tiers computed from it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base

STATUSES = ("present", "absent", "tardy")


class AttendanceDay(Base):
    __tablename__ = "attendance_days"
    __table_args__ = (
        UniqueConstraint("student_id", "day"),
        CheckConstraint("status IN ('present', 'absent', 'tardy')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(8))
    excused: Mapped[bool] = mapped_column(Boolean, default=False)


TIERS = ("satisfactory", "at_risk", "moderate", "severe")


class TierSnapshot(Base):
    """A student's attendance as of one day (one row per student per import day): enrolled
    school days so far (days with a record), days absent (excused or not; a tardy is not an
    absence), the rate and Attendance Works tier, and the same over the last 20 school days."""

    __tablename__ = "tier_snapshots"
    __table_args__ = (
        UniqueConstraint("student_id", "as_of"),
        CheckConstraint("tier IN ('satisfactory', 'at_risk', 'moderate', 'severe')",
                        name="tier"),
        CheckConstraint("tier_last_20 IN ('satisfactory', 'at_risk', 'moderate', 'severe')",
                        name="tier_last_20"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    as_of: Mapped[date] = mapped_column(Date, index=True)
    enrolled_days: Mapped[int] = mapped_column(Integer)
    absent_days: Mapped[int] = mapped_column(Integer)
    rate: Mapped[float] = mapped_column(Float)
    tier: Mapped[str] = mapped_column(String(16))
    rate_last_20: Mapped[float] = mapped_column(Float)
    tier_last_20: Mapped[str] = mapped_column(String(16))
