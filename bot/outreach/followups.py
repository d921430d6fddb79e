"""Follow-ups: nobody is absent for long without someone asking, kindly, and then a person.

``queue_followups(session, now)`` speaks about the newest attendance day (school_calendar.
recent_attendance_day; older is dropped):

- A child absent that day, the school day before, and maybe more — unexcused and with no reason
  from the family (AbsenceReport) on any of those days — is *silently absent*. From two days the
  family gets one kind text per phone ("We missed Sofía on … is everything OK? … we can help"),
  once per run of absences; it opens an ask (bot.outreach.asks), so a reason in the reply is
  recorded for those days and a barrier (no ride, no food) goes to the resource flows.
- From three days, or when the family cannot be texted, a staff task ("silent_absence"), once
  per run of absences.
- A student at the severe tier whose family has had no contact with the school — no message from
  them, no staff reply — in the last 10 school days: a staff task ("severe_tier"), at most one per
  10 school days. The most absent students get a person, not only automated texts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.messages.render import render
from bot.outbox.enqueue import enqueue
from bot.outreach.asks import record_ask
from bot.outreach.reach import CHUNK, families, phone_children, why_not_send
from bot.outreach.results import JobResult
from bot.school_calendar import SchoolCalendar, recent_attendance_day
from config import Config
from models import (
    AbsenceReport,
    AttendanceDay,
    Conversation,
    Message,
    OutreachAsk,
    StaffTask,
    Student,
    TierSnapshot,
)
from models.base import as_utc, utcnow

ASK_AFTER = 2  # school days absent without a word before the family is asked
TASK_AFTER = 3  # ... before a person is asked to reach out
SEVERE_QUIET_DAYS = 10  # school days without contact before a severe student becomes a task
LOOK_BACK = timedelta(days=45)


@dataclass
class SilentRun:
    student: Student
    days: list[date]  # oldest first


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def silent_runs(session: Session, day: date) -> list[SilentRun]:
    """Students absent on ``day`` and the school days before it with neither an excuse nor a
    reason from the family, with those days (at least one)."""
    absent = list(session.scalars(select(AttendanceDay.student_id).where(
        AttendanceDay.day == day, AttendanceDay.status == "absent",
        AttendanceDay.excused.is_(False))))
    runs = []
    for ids in _chunks(absent):
        records: dict[int, list[AttendanceDay]] = defaultdict(list)
        for row in session.scalars(select(AttendanceDay).where(
                AttendanceDay.student_id.in_(ids), AttendanceDay.day > day - LOOK_BACK,
                AttendanceDay.day <= day).order_by(AttendanceDay.day.desc())):
            records[row.student_id].append(row)
        reported = set(session.execute(select(AbsenceReport.student_id, AbsenceReport.day).where(
            AbsenceReport.student_id.in_(ids), AbsenceReport.kind == "absence",
            AbsenceReport.day > day - LOOK_BACK, AbsenceReport.day <= day)))
        students = {s.id: s for s in session.scalars(select(Student).where(Student.id.in_(ids)))}
        for student_id in ids:
            days = []
            for row in records[student_id]:
                if row.status != "absent" or row.excused or (student_id, row.day) in reported:
                    break
                days.append(row.day)
            if days:
                runs.append(SilentRun(students[student_id], days[::-1]))
    return runs


def _asked(session: Session, phones: list[str], since: date) -> dict[str, list[OutreachAsk]]:
    out: dict[str, list[OutreachAsk]] = defaultdict(list)
    for start in range(0, len(phones), CHUNK):
        for ask in session.scalars(select(OutreachAsk).where(
                OutreachAsk.kind == "followup", OutreachAsk.phone.in_(phones[start:start + CHUNK]),
                OutreachAsk.created_at >= datetime.combine(since, time(0), UTC))):
            out[ask.phone].append(ask)
    return out


def _was_asked(asks: list[OutreachAsk], run: SilentRun) -> bool:
    first = run.days[0].isoformat()
    return any(run.student.id in ask.student_ids and max(ask.days) >= first for ask in asks)


def _add_task(session: Session, key: str, kind: str, student: Student, details: dict,
              now: datetime) -> bool:
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect](StaffTask)
    stmt = insert.values(key=key, kind=kind, student_id=student.id, school_id=student.school_id,
                         details=details, created_at=now) \
        .on_conflict_do_nothing(index_elements=["key"]).returning(StaffTask.id)
    return session.execute(stmt).scalar_one_or_none() is not None


def _ask_families(session: Session, runs: list[SilentRun], day: date, now: datetime,
                  result: JobResult) -> set[int]:
    """Text each family with a child silently absent ASK_AFTER days or more, once per run of
    absences; returns the students whose family could not be texted."""
    due = [r for r in runs if len(r.days) >= ASK_AFTER]
    by_student = {r.student.id: r for r in due}
    children_of = phone_children(session, list(by_student))
    phones = families(session, list(by_student))
    asked = _asked(session, list(phones), day - LOOK_BACK)
    unreachable = set(by_student) - {s for kids in children_of.values() for s in kids}
    result.skip("no phone", len(unreachable))
    for phone, guardians in phones.items():
        new = sorted((by_student[s] for s in children_of[phone]
                      if not _was_asked(asked[phone], by_student[s])),
                     key=lambda r: r.student.first_name)
        if not new:
            result.skip("already asked")
            continue
        key = f"followup:{phone}:{day}"
        reason = why_not_send(session, key, phone, guardians)
        if reason:
            result.skip(reason)
            if reason != "already sent":
                unreachable.update(r.student.id for r in new)
            continue
        days = sorted({d for r in new for d in r.days})
        language = guardians[0].language
        body = render({"template": "followup_silent", "vars": {
            "school": new[0].student.school.name,
            "children": {"list": [r.student.first_name for r in new]},
            "dates": {"dates": [d.isoformat() for d in days]}}}, language)
        record_ask(session, key=key, kind="followup", phone=phone,
                   student_ids=[r.student.id for r in new], days=[d.isoformat() for d in days],
                   now=now)
        enqueue(session, key=key, guardian=guardians[0], body=body, kind="followup", now=now,
                language=language)
        result.queued += 1
    return unreachable


def _silent_tasks(session: Session, runs: list[SilentRun], unreachable: set[int],
                  now: datetime, result: JobResult) -> None:
    for run in runs:
        if len(run.days) >= TASK_AFTER or (len(run.days) >= ASK_AFTER
                                           and run.student.id in unreachable):
            details = {"days": [d.isoformat() for d in run.days],
                       "family_texted": run.student.id not in unreachable}
            result.tasks += _add_task(session, f"silent:{run.student.id}:{run.days[0]}",
                                      "silent_absence", run.student, details, now)


def _last_contact(session: Session, phones: list[str]) -> dict[str, datetime]:
    """{phone: when the family last wrote, or staff last wrote to them}."""
    out = {}
    for start in range(0, len(phones), CHUNK):
        rows = session.execute(
            select(Conversation.phone, func.max(Message.created_at))
            .join(Message, Message.conversation_id == Conversation.id)
            .where(Conversation.phone.in_(phones[start:start + CHUNK]),
                   or_(Message.direction == "in", Message.staff_id.is_not(None)))
            .group_by(Conversation.phone))
        out.update({phone: as_utc(at) for phone, at in rows})
    return out


def _severe_tasks(session: Session, day: date, now: datetime, result: JobResult) -> None:
    as_of = session.scalar(select(func.max(TierSnapshot.as_of)).where(TierSnapshot.as_of <= day))
    if as_of is None:
        return
    severe = session.execute(select(TierSnapshot, Student).join(
        Student, Student.id == TierSnapshot.student_id).where(
        TierSnapshot.as_of == as_of, TierSnapshot.tier == "severe")).all()
    if not severe:
        return
    calendar = SchoolCalendar.load(session, day - LOOK_BACK, day)
    zone = ZoneInfo(Config.DISTRICT_TIMEZONE)
    since: dict[int | None, datetime] = {}
    for _, student in severe:
        if student.school_id not in since:
            days = calendar.days(student.school_id, day - LOOK_BACK, day) or [day - LOOK_BACK]
            first = days[-SEVERE_QUIET_DAYS] if len(days) >= SEVERE_QUIET_DAYS else days[0]
            since[student.school_id] = datetime.combine(first, time(0), zone)
    ids = [student.id for _, student in severe]
    children_of = phone_children(session, ids)
    phones_of: dict[int, list[str]] = defaultdict(list)
    for phone, kids in children_of.items():
        for kid in kids:
            phones_of[kid].append(phone)
    contact = _last_contact(session, list(children_of))
    last_task = {student: as_utc(at) for student, at in session.execute(
        select(StaffTask.student_id, func.max(StaffTask.created_at)).where(
            StaffTask.kind == "severe_tier", StaffTask.created_at >= min(since.values()))
        .group_by(StaffTask.student_id))}
    for snapshot, student in severe:
        start = since[student.school_id]
        heard = [contact[p] for p in phones_of[student.id] if p in contact]
        if last_task.get(student.id, start - timedelta(1)) >= start or (
                heard and max(heard) >= start):
            continue
        details = {"rate": snapshot.rate, "tier": snapshot.tier, "as_of": as_of.isoformat(),
                   "last_contact": max(heard).isoformat() if heard else None}
        result.tasks += _add_task(session, f"severe:{student.id}:{day}", "severe_tier",
                                  student, details, now)


def queue_followups(session: Session, now: datetime | None = None) -> JobResult:
    """Ask families about silent absences and give staff the students who need a person (see
    the module docstring)."""
    now = now or utcnow()
    result = JobResult()
    day = recent_attendance_day(session, now.astimezone(ZoneInfo(Config.DISTRICT_TIMEZONE))
                                .date())
    if day is None:
        result.skip("no recent attendance")
        return result
    runs = silent_runs(session, day)
    unreachable = _ask_families(session, runs, day, now, result)
    _silent_tasks(session, runs, unreachable, now, result)
    _severe_tasks(session, day, now, result)
    return result
