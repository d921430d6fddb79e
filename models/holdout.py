"""The randomized holdout that lets a district measure whether its outreach moves attendance.

- ``HoldoutDesign``: one per school year — the seed and the holdout fraction the year's
  assignments were drawn with, so anyone can recompute them (bot.outreach.holdout.verify).
- ``HoldoutAssignment``: one per student per school year, made once when the student first
  becomes eligible for proactive outreach and never changed: the stratum (school and tier at
  that moment), the student's position in it (the order the draw used) and the arm,
  ``treatment`` or ``holdout``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Timestamped

ARMS = ("treatment", "holdout")


class HoldoutDesign(Timestamped, Base):
    __tablename__ = "holdout_designs"

    school_year: Mapped[int] = mapped_column(Integer, primary_key=True)  # 2026 for 2026-27
    seed: Mapped[int] = mapped_column(BigInteger)
    fraction: Mapped[float] = mapped_column(Float)


class HoldoutAssignment(Timestamped, Base):
    __tablename__ = "holdout_assignments"
    __table_args__ = (
        UniqueConstraint("student_id", "school_year"),
        # One student per place in a stratum; also the index that counts a stratum's places.
        UniqueConstraint("school_year", "school_id", "tier", "position"),
        CheckConstraint("arm IN ('treatment', 'holdout')", name="arm"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    school_year: Mapped[int] = mapped_column(Integer)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    tier: Mapped[str] = mapped_column(String(16))  # the tier when assigned: the stratum
    position: Mapped[int] = mapped_column(Integer)  # 0, 1, 2, … within the stratum
    arm: Mapped[str] = mapped_column(String(9))
    assigned_on: Mapped[date] = mapped_column(Date)

    student = relationship("Student")
