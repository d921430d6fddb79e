"""Morning wake-up nudges: who gets one now, queued in the outbox.

Nudges (``queue_nudges``): one text per family — per phone — on school days only (weekends,
holidays, breaks and the school's own days off are skipped), at the family's chosen time (or
NUDGE_DEFAULT_TIME), naming each child who has school that day, one of three texts in turn, with
the school's start time; when a child's numbers are good ("Sofía has been at school 9 of the last
10 days") they are said, and every text says how to change the time or stop. Only the families
due since the clock's previous run are read, with a few set-based queries, not the whole roster;
after a clock was down, those missed are still nudged until their school starts, not after.

Idempotent by key (``nudge:<phone>:<date>``): a clock that runs the job twice, or late, never
texts a family twice. Praise is bot.outreach.praise.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import Session, selectinload

from bot.messages.render import format_clock, render
from bot.opt_out import opted_out_phones
from bot.outbox.enqueue import Draft, enqueue_many
from bot.outreach.reach import queued_keys
from bot.outreach.results import JobResult
from bot.school_calendar import SchoolCalendar
from config import Config
from models import (
    AttendanceDay,
    Guardian,
    School,
    Student,
    StudentGuardian,
)
from models.base import utcnow

NUDGE_WINDOW = timedelta(minutes=10)  # without a previous run to start from
NUDGE_TEXTS = ("nudge_wake_1", "nudge_wake_2", "nudge_wake_3")
GOOD_OF, GOOD_MIN = 10, 9  # "at school 9 of the last 10 days" is worth saying; 7 of 10 is not
GOOD_LOOK_BACK = timedelta(days=45)  # ten school days, even across a winter break
CHUNK = 5000


def _default_time() -> time:
    hour, minute = Config.NUDGE_DEFAULT_TIME.split(":")
    return time(int(hour), int(minute))


def _due_guardians(session: Session, now: datetime, since: datetime
                   ) -> list[tuple[Guardian, str]]:
    """(guardian, today's local date as ISO) for every opted-in guardian whose time came after
    ``since`` (today), in the time zone of a school where they have a child."""
    due = []
    default = _default_time()
    for zone in session.scalars(select(School.timezone).distinct()):
        local = now.astimezone(ZoneInfo(zone))
        start = since.astimezone(ZoneInfo(zone))
        low = start.time() if start.date() == local.date() else time(0)
        high = local.time()
        in_window = or_(Guardian.nudge_time.between(low, high),
                        and_(Guardian.nudge_time.is_(None), literal(low <= default <= high)))
        guardians = session.scalars(
            select(Guardian).distinct()
            .join(StudentGuardian, StudentGuardian.guardian_id == Guardian.id)
            .join(Student, Student.id == StudentGuardian.student_id)
            .join(School, School.id == Student.school_id)
            .where(School.timezone == zone, Guardian.nudge_opt_in.is_(True), in_window)
            .options(selectinload(Guardian.student_links).selectinload(StudentGuardian.student)
                     .selectinload(Student.school)))
        due += [(g, local.date().isoformat()) for g in guardians]
    return due


def _good_numbers(session: Session, student_ids: list[int], until: date) -> dict[int, int]:
    """{student: days present of their last GOOD_OF days} for those present at least GOOD_MIN
    of them: the numbers worth saying."""
    ranked = (select(AttendanceDay.student_id, AttendanceDay.status,
                     func.row_number().over(partition_by=AttendanceDay.student_id,
                                            order_by=AttendanceDay.day.desc()).label("n"))
              .where(AttendanceDay.student_id.in_(student_ids), AttendanceDay.day < until,
                     AttendanceDay.day >= until - GOOD_LOOK_BACK)  # not the whole year
              .subquery())
    rows = session.execute(
        select(ranked.c.student_id, func.count(),
               func.sum(case((ranked.c.status != "absent", 1), else_=0)))
        .where(ranked.c.n <= GOOD_OF).group_by(ranked.c.student_id))
    return {student: present for student, days, present in rows
            if days == GOOD_OF and present >= GOOD_MIN}


def nudge_text(children: list[Student], start: str, language: str, day: date,
               good: dict[int, int]) -> str:
    """One family's wake-up text: the day's turn of three, each child named, good numbers."""
    names = {"list": [c.first_name for c in children]}
    parts = [render({"template": NUDGE_TEXTS[day.toordinal() % len(NUDGE_TEXTS)],
                     "vars": {"children": names, "start": start}}, language)]
    parts += [render({"template": "nudge_fact", "vars": {
        "child": c.first_name, "present": good[c.id], "days": GOOD_OF}}, language)
        for c in children if c.id in good]
    parts.append(render({"template": "nudge_howto"}, language))
    return " ".join(parts)


def _good_numbers_of(session: Session, student_ids: list[int], day: date) -> dict[int, int]:
    good: dict[int, int] = {}
    for start in range(0, len(student_ids), CHUNK):
        good.update(_good_numbers(session, student_ids[start:start + CHUNK], day))
    return good


def queue_nudges(session: Session, now: datetime | None = None,
                 since: datetime | None = None) -> JobResult:
    """Queue the wake-up texts due now: those whose time came after ``since`` (the clock's
    previous run; default NUDGE_WINDOW ago). A clock that was down catches up from its last run,
    but only for families whose school has not started yet. Set-based: 40,000 families due at
    06:45 take a few queries and batched inserts (bench/outreach.py)."""
    now = now or utcnow()
    if since is None or not now - timedelta(days=1) < since <= now:
        since = now - NUDGE_WINDOW
    result = JobResult()
    by_phone: dict[tuple[str, str], list[Guardian]] = defaultdict(list)
    for guardian, day in _due_guardians(session, now, since):
        by_phone[(guardian.phone, day)].append(guardian)
    if not by_phone:
        return result
    sent = queued_keys(session, [f"nudge:{phone}:{day}" for phone, day in by_phone])
    opted_out = opted_out_phones(session, sorted({phone for phone, _ in by_phone}))
    days = sorted({date.fromisoformat(day) for _, day in by_phone})
    calendar = SchoolCalendar.load(session, days[0], days[-1])
    families = []
    for (phone, day), guardians in sorted(by_phone.items()):
        key = f"nudge:{phone}:{day}"
        if key in sent:
            result.skip("already sent")
            continue
        if phone in opted_out or all(g.opted_out for g in guardians):
            result.skip("opted out")
            continue
        today = date.fromisoformat(day)
        children = sorted({c.id: c for g in guardians for c in g.students
                           if calendar.is_school_day(c.school_id, today)}.values(),
                          key=lambda c: c.first_name)
        if not children:
            result.skip("not a school day")
            continue
        starts = [c.school.start_time for c in children if c.school.start_time]
        if not starts:
            result.skip("school has no start time")  # fix the schools file; never half a text
            continue
        if now.astimezone(ZoneInfo(children[0].school.timezone)).time() >= min(starts):
            result.skip("school already started")  # a late nudge is no wake-up
            continue
        families.append((key, min(guardians, key=lambda g: g.id), children, min(starts), today))
    good = _good_numbers_of(session, [c.id for f in families for c in f[2]], days[-1])
    drafts = []
    for key, guardian, children, start, today in families:
        body = nudge_text(children, format_clock(start, guardian.language), guardian.language,
                          today, good)
        drafts.append(Draft(key=key, guardian=guardian, body=body, kind="nudge"))
    enqueue_many(session, drafts, now)
    result.queued += len(drafts)
    return result
