"""Attendance praise: milestones a family hears about, each once per student per school year.

``queue_praise(session, now)`` looks at the newest attendance day on or before today (the
district's date) — today's import, or the last school day's when attendance arrives the next
morning; older than that is no longer news and is dropped. For the students who came to school
that day (a late arrival came), the milestones reached:

- ``streak_5`` / ``streak_10`` / ``streak_20``: that many school days in a row at school;
- ``week``: every school day of the week, on its last school day (a holiday week counts);
- ``month``: every school day of the month, on its last school day (at least 10 of them);
- ``back_on_track``: the year's rate of absence fell below 10 % after being at or above it (over
  at least 10 school days), the research's "leaving chronic absence", never named so to a family.

Each milestone is recorded (PraiseMilestone) when it is praised or passed by a bigger one, so
it is never praised twice in a school year. A family hears one text per evening: per phone, one
sentence per child, the child's biggest milestone. Quiet hours hold the text in the outbox.
Students in the holdout (bot.outreach.holdout) are not praised, and their milestones are not
recorded as praised.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from bot.messages.render import render
from bot.outbox.enqueue import enqueue
from bot.outreach.holdout import outreach_allowed
from bot.outreach.reach import families, phone_children, why_not_send
from bot.outreach.results import JobResult
from bot.school_calendar import SchoolCalendar, recent_attendance_day
from bot.tiers import school_year_start
from config import Config
from models import AttendanceDay, PraiseMilestone, Student, TierSnapshot
from models.base import utcnow

STREAKS = (5, 10, 20)
WEEK_MIN_DAYS = 3  # a week cut to one or two days by a holiday is not a perfect week
MONTH_MIN_DAYS = 10
CHRONIC_MIN_DAYS = 10  # a rate over fewer days says little ("1 of 3" is 33 %)
# A child's biggest milestone is the one said; the order is how much it means.
RANK = ("streak_5", "week", "streak_10", "streak_20", "month", "back_on_track")


def _streaks(session: Session, day: date, start: date) -> dict[int, tuple[int, int]]:
    """{student: (school_id, school days in a row at school up to ``day``)} for the students at
    school on ``day``."""
    last_absent = (select(AttendanceDay.student_id, func.max(AttendanceDay.day).label("day"))
                   .where(AttendanceDay.status == "absent", AttendanceDay.day >= start,
                          AttendanceDay.day <= day)
                   .group_by(AttendanceDay.student_id).subquery())
    today = aliased(AttendanceDay)
    rows = session.execute(
        select(AttendanceDay.student_id, Student.school_id, func.count())
        .join(today, and_(today.student_id == AttendanceDay.student_id, today.day == day,
                          today.status != "absent"))
        .join(Student, Student.id == AttendanceDay.student_id)
        .outerjoin(last_absent, last_absent.c.student_id == AttendanceDay.student_id)
        .where(AttendanceDay.day >= start, AttendanceDay.day <= day,
               (last_absent.c.day.is_(None)) | (AttendanceDay.day > last_absent.c.day))
        .group_by(AttendanceDay.student_id, Student.school_id))
    return {student: (school, count) for student, school, count in rows}


def _perfect(session: Session, student_ids: list[int], first: date, day: date) -> dict[int, int]:
    """{student: days at school from ``first`` to ``day``} for students with no absence then."""
    rows = session.execute(
        select(AttendanceDay.student_id, func.count(),
               func.sum(case((AttendanceDay.status == "absent", 1), else_=0)))
        .where(AttendanceDay.student_id.in_(student_ids), AttendanceDay.day >= first,
               AttendanceDay.day <= day)
        .group_by(AttendanceDay.student_id))
    return {student: count for student, count, absent in rows if not absent}


def _period_milestones(session: Session, streaks: dict[int, tuple[int, int]], day: date,
                       start: date) -> dict[int, set[str]]:
    """"week" and "month" for students at school every school day of the week or month that
    ``day`` ends, at their school."""
    out: dict[int, set[str]] = defaultdict(set)
    week_start = day - timedelta(days=day.weekday())
    month_start = max(day.replace(day=1), start)
    month_end = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    calendar = SchoolCalendar.load(session, min(week_start, month_start),
                                   max(week_start + timedelta(days=6), month_end))
    by_school: dict[int, list[int]] = defaultdict(list)
    for student, (school, _) in streaks.items():
        by_school[school].append(student)
    for school, students in by_school.items():
        for name, first, last in (("week", week_start, week_start + timedelta(days=4)),
                                  ("month", month_start, month_end)):
            days = calendar.days(school, first, last)
            least = MONTH_MIN_DAYS if name == "month" else WEEK_MIN_DAYS
            if len(days) < least or days[-1] != day:
                continue
            for i in range(0, len(students), 5000):
                for student, count in _perfect(session, students[i:i + 5000], first,
                                               day).items():
                    if count >= len(days):
                        out[student].add(name)
    return out


def _back_on_track(session: Session, day: date, start: date) -> set[int]:
    """Students whose rate on ``day`` is below 10 % after a snapshot this year at or above."""
    earlier = aliased(TierSnapshot)
    chronic_before = exists().where(
        earlier.student_id == TierSnapshot.student_id, earlier.as_of >= start,
        earlier.as_of < day, earlier.enrolled_days >= CHRONIC_MIN_DAYS,
        earlier.absent_days * 10 >= earlier.enrolled_days)
    return set(session.scalars(select(TierSnapshot.student_id).where(
        TierSnapshot.as_of == day, TierSnapshot.absent_days * 10 < TierSnapshot.enrolled_days,
        chronic_before)))


def _already_praised(session: Session, student_ids: list[int], year: int) -> dict[int, set[str]]:
    done: dict[int, set[str]] = defaultdict(set)
    for i in range(0, len(student_ids), 5000):
        for student, milestone in session.execute(
                select(PraiseMilestone.student_id, PraiseMilestone.milestone).where(
                    PraiseMilestone.student_id.in_(student_ids[i:i + 5000]),
                    PraiseMilestone.school_year == year)):
            done[student].add(milestone)
    return done


def _record(session: Session, rows: list[dict]) -> None:
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect](PraiseMilestone)
    session.execute(insert.on_conflict_do_nothing(
        index_elements=["student_id", "school_year", "milestone"]), rows)


def sentence(milestone: str, child: str, streak: int, language: str) -> str:
    if milestone.startswith("streak_"):
        return render({"template": "praise_streak", "vars": {"child": child, "count": streak}},
                      language)
    return render({"template": f"praise_{milestone}", "vars": {"child": child}}, language)


def milestones_reached(session: Session, day: date) -> dict[int, tuple[list[str], int]]:
    """{student: (new milestones in RANK order, streak)} reached as of ``day``, not yet
    praised this school year."""
    start = school_year_start(day)
    streaks = _streaks(session, day, start)
    reached: dict[int, set[str]] = defaultdict(set)
    for student, (_, streak) in streaks.items():
        reached[student].update(f"streak_{n}" for n in STREAKS if streak >= n)
    for student, names in _period_milestones(session, streaks, day, start).items():
        reached[student] |= names
    for student in _back_on_track(session, day, start):
        if student in streaks:  # said on a day the child came
            reached[student].add("back_on_track")
    done = _already_praised(session, list(reached), start.year)
    out = {}
    for student, names in reached.items():
        new = [m for m in RANK if m in names and m not in done[student]]
        if new:
            out[student] = (new, streaks[student][1])
    return out


def queue_praise(session: Session, now: datetime | None = None) -> JobResult:
    """Queue tonight's praise (see the module docstring)."""
    now = now or utcnow()
    result = JobResult()
    today = now.astimezone(ZoneInfo(Config.DISTRICT_TIMEZONE)).date()
    day = recent_attendance_day(session, today)
    if day is None:
        result.skip("no recent attendance")
        return result
    reached = milestones_reached(session, day)
    allowed, withheld = outreach_allowed(session, reached, today)
    reached = {student: found for student, found in reached.items() if student in allowed}
    for reason, count in withheld.items():
        result.skip(reason, count)  # counted in students; the rest in families
    year = school_year_start(day).year
    students = {s.id: s for i in range(0, len(reached), 5000) for s in session.scalars(
        select(Student).where(Student.id.in_(list(reached)[i:i + 5000])))}
    _record(session, [{"student_id": student, "school_year": year, "milestone": m, "day": day,
                       "created_at": now} for student, (names, _) in reached.items()
                      for m in names])
    children_of = phone_children(session, list(reached))
    for phone, guardians in families(session, list(reached)).items():
        children = sorted(children_of[phone], key=lambda c: students[c].first_name)
        key = f"praise:{phone}:{day}:" + ",".join(f"{c}.{reached[c][0][-1]}" for c in children)
        reason = why_not_send(session, key, phone, guardians)
        if reason:
            result.skip(reason)
            continue
        language = guardians[0].language
        body = " ".join(sentence(reached[c][0][-1], students[c].first_name, reached[c][1],
                                 language) for c in children)
        enqueue(session, key=key, guardian=guardians[0], body=body, kind="praise", now=now,
                language=language)
        result.queued += 1
    return result
