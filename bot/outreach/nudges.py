"""Morning wake-up nudges and attendance praise: who gets one now, queued in the outbox.

Both are idempotent by key (``nudge:<guardian>:<date>``, ``praise:<guardian>:<student>:<date>``),
so a clock that runs a job twice, or late, never texts a family twice. Only school days count:
weekdays that are not in the school calendar's non-school days.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.messages.render import format_clock, render
from bot.outbox.enqueue import enqueue
from models import AttendanceDay, CalendarDay, Guardian, OutboxMessage, School, Student
from models.base import utcnow
from models.school import NO_SCHOOL_KINDS

PRAISE_STREAKS = (5, 10, 20, 40)
NUDGE_WINDOW = timedelta(minutes=10)  # a clock that was down a few minutes still nudges


def _enqueue_new(session: Session, key: str, guardian: Guardian, body: str, kind: str,
                 now: datetime | None = None) -> bool:
    """Queue unless this key was queued before (the clock may run a job twice)."""
    if session.scalar(select(OutboxMessage.id).where(OutboxMessage.idempotency_key == key)):
        return False
    return enqueue(session, key=key, guardian=guardian, body=body, kind=kind,
                   now=now) is not None


def is_school_day(session: Session, school: School, day: date) -> bool:
    if day.weekday() >= 5:
        return False
    closed = session.scalar(select(CalendarDay.id).where(
        CalendarDay.day == day, CalendarDay.kind.in_(NO_SCHOOL_KINDS),
        or_(CalendarDay.school_id == school.id, CalendarDay.school_id.is_(None))))
    return closed is None


def queue_nudges(session: Session, now: datetime | None = None) -> int:
    """Queue today's nudge for every opted-in guardian whose chosen time has just passed
    (within NUDGE_WINDOW) in their school's time zone. Returns how many were queued."""
    now = now or utcnow()
    queued = 0
    guardians = session.scalars(select(Guardian).where(
        Guardian.nudge_opt_in.is_(True), Guardian.nudge_time.is_not(None),
        Guardian.opted_out.is_(False)))
    for guardian in guardians:
        students = guardian.students
        if not students:
            continue
        school = students[0].school
        local = now.astimezone(ZoneInfo(school.timezone))
        due = datetime.combine(local.date(), guardian.nudge_time, local.tzinfo)
        if not (due <= local < due + NUDGE_WINDOW) or not is_school_day(session, school,
                                                                        local.date()):
            continue
        start = format_clock(school.start_time, guardian.language) if school.start_time else ""
        body = render({"template": "nudge_morning", "vars": {"school": school.name,
                                                             "start": start}},
                      guardian.language)
        queued += _enqueue_new(session, f"nudge:{guardian.id}:{local.date().isoformat()}",
                               guardian, body, "nudge", now)
    return queued


def present_streak(session: Session, student_id: int, until: date) -> int:
    """Consecutive recorded school days, back from ``until``, the student was present."""
    days = session.scalars(select(AttendanceDay).where(
        AttendanceDay.student_id == student_id, AttendanceDay.day <= until)
        .order_by(AttendanceDay.day.desc()).limit(max(PRAISE_STREAKS) + 1))
    streak = 0
    for day in days:
        if day.status != "present":
            break
        streak += 1
    return streak


def queue_praise(session: Session, day: date) -> int:
    """Queue praise for every guardian of a student whose present streak reached a milestone
    on ``day`` (5, 10, 20, 40 days in a row). Returns how many were queued."""
    queued = 0
    present = session.scalars(select(AttendanceDay).where(
        AttendanceDay.day == day, AttendanceDay.status == "present"))
    for row in present:
        streak = present_streak(session, row.student_id, day)
        if streak not in PRAISE_STREAKS:
            continue
        student = session.get(Student, row.student_id)
        for link in student.guardian_links:
            guardian = link.guardian
            body = render({"template": "praise_streak", "vars": {
                "child": student.first_name, "count": streak}}, guardian.language)
            queued += _enqueue_new(session, f"praise:{guardian.id}:{student.id}:{day}",
                                   guardian, body, "praise")
    return queued
