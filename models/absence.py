"""Absence and tardy reports made by families through the bot."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Timestamped


class AbsenceReport(Timestamped, Base):
    """One per child, day and kind: the same report twice is one record (updated in place)."""

    __tablename__ = "absence_reports"
    __table_args__ = (
        UniqueConstraint("student_id", "day", "kind"),
        CheckConstraint("kind IN ('absence', 'tardy')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    guardian_id: Mapped[int | None] = mapped_column(ForeignKey("guardians.id"))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    day: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(8), default="absence")
    reason: Mapped[str] = mapped_column(String(32), default="unspecified")
    # The clerk's work list (admin/absences): set once the report is entered in the SIS.
    entered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))

    student = relationship("Student")
