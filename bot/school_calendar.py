"""Which days are school days, per school: weekdays that the district calendar and the school's
own calendar do not close (holiday, break, no-school day).

``SchoolCalendar.load(session, start, end)`` reads the closures of a date range once, so a job
that asks about thousands of students asks the database one question; ``is_school_day`` is the
one-off form. ``recent_attendance_day`` is the day the evening jobs (praise, follow-ups) speak
about.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from models import AttendanceDay, CalendarDay, School
from models.school import NO_SCHOOL_KINDS


@dataclass
class SchoolCalendar:
    start: date
    end: date
    district: set[date]  # closed for every school
    schools: dict[int, set[date]]  # closed for one school

    @classmethod
    def load(cls, session: Session, start: date, end: date) -> SchoolCalendar:
        district: set[date] = set()
        schools: dict[int, set[date]] = defaultdict(set)
        rows = session.execute(select(CalendarDay.school_id, CalendarDay.day).where(
            CalendarDay.day.between(start, end), CalendarDay.kind.in_(NO_SCHOOL_KINDS)))
        for school_id, day in rows:
            (district if school_id is None else schools[school_id]).add(day)
        return cls(start, end, district, dict(schools))

    def is_school_day(self, school_id: int | None, day: date) -> bool:
        if not self.start <= day <= self.end:
            raise ValueError(f"{day} is outside the loaded calendar {self.start}..{self.end}")
        return day.weekday() < 5 and day not in self.district \
            and day not in self.schools.get(school_id, ())

    def days(self, school_id: int | None, start: date, end: date) -> list[date]:
        """The school days from ``start`` to ``end``, both included."""
        out, day = [], start
        while day <= end:
            if self.is_school_day(school_id, day):
                out.append(day)
            day += timedelta(days=1)
        return out


def recent_attendance_day(session: Session, today: date) -> date | None:
    """The newest day with attendance on or before ``today``, if it is today or the weekday
    before (attendance that arrives the next morning; a weekend or holiday between is fine);
    None when the newest is older: what it would say is no longer news."""
    newest = session.scalar(select(func.max(AttendanceDay.day)).where(AttendanceDay.day <= today))
    if newest is None or (today - newest).days > 5:
        return None
    weekdays_between = sum(1 for n in range(1, (today - newest).days)
                           if (newest + timedelta(days=n)).weekday() < 5)
    return newest if weekdays_between <= 1 else None


def is_school_day(session: Session, school: School, day: date) -> bool:
    """Is ``day`` a school day at ``school``?"""
    if day.weekday() >= 5:
        return False
    closed = session.scalar(select(CalendarDay.id).where(
        CalendarDay.day == day, CalendarDay.kind.in_(NO_SCHOOL_KINDS),
        or_(CalendarDay.school_id == school.id, CalendarDay.school_id.is_(None))))
    return closed is None
