"""Schools and the school calendar (holidays, breaks, minimum days…)."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Time, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base


class School(Base):
    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # Other names the district's files use ("Bret Harte", "MLK Jr."): bot.imports.school_match.
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    phone: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(300))
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(64), default="America/Los_Angeles")

    students = relationship("Student", back_populates="school")


# Calendar kinds: the first three close the school; the others mark a school day.
NO_SCHOOL_KINDS = ("holiday", "break", "no_school")
CALENDAR_KINDS = (*NO_SCHOOL_KINDS, "minimum_day", "first_day", "last_day")
DISTRICT_WIDE = text("school_id IS NULL")
ONE_SCHOOL = text("school_id IS NOT NULL")


class CalendarDay(Base):
    """One day of the school calendar: at one school, or district-wide when ``school_id`` is
    NULL. One row per school (or district) and day, enforced by two partial unique indexes
    (NULLs are never equal in a plain unique constraint)."""

    __tablename__ = "calendar_days"
    __table_args__ = (
        CheckConstraint("kind IN ('holiday', 'break', 'no_school', 'minimum_day', 'first_day', "
                        "'last_day')", name="kind"),
        Index("uq_calendar_days_school_day", "school_id", "day", unique=True,
              sqlite_where=ONE_SCHOOL, postgresql_where=ONE_SCHOOL),
        Index("uq_calendar_days_district_day", "day", unique=True,
              sqlite_where=DISTRICT_WIDE, postgresql_where=DISTRICT_WIDE),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(String(200), default="")

    @property
    def closed(self) -> bool:
        return self.kind in NO_SCHOOL_KINDS
