"""``flask demo seed``: the demo district from the files in ``demo/`` (schools, calendar,
events, resources, roster), plus a simulated term of attendance and two staff logins.

The district's data is data: it lives in ``demo/*.csv`` in the formats a district uses, and the
roster goes through the real roster importer. Deterministic (fixed random seed), so two machines
show the same demo. Seeding only happens on an empty database; ``seed()`` returns False and
changes nothing otherwise.
"""

from __future__ import annotations

import csv
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from bot.imports.roster import import_roster
from config import ROOT
from models import (
    AttendanceDay,
    Event,
    Guardian,
    NonSchoolDay,
    Resource,
    School,
    StaffUser,
    Student,
)

DEMO_DIR = ROOT / "demo"
DEMO_PASSWORD = "showup-demo"
DEMO_LOGINS = (("district@showup.example", "district"), ("clerk@showup.example", "school"))
TERM_START = date(2026, 8, 27)
NUDGE_TIME = time(6, 45)


class DemoDataError(RuntimeError):
    """A demo file has a row the seed cannot load (the files ship with the code)."""


def _rows(name: str) -> list[dict[str, str]]:
    with (DEMO_DIR / name).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _hm(value: str) -> time:
    hour, minute = value.split(":")
    return time(int(hour), int(minute))


def _days(value: str) -> list[date]:
    """"2026-11-26" or a range "2026-11-26..2026-11-27"."""
    first, _, last = value.partition("..")
    start, end = date.fromisoformat(first), date.fromisoformat(last or first)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _seed_schools(session: Session) -> dict[str, School]:
    schools = {}
    for row in _rows("schools.csv"):
        schools[row["code"]] = School(
            code=row["code"], name=row["name"], phone=row["phone"] or None,
            address=row["address"] or None, start_time=_hm(row["start_time"]),
            end_time=_hm(row["end_time"]) if row.get("end_time") else None,
            timezone=row["timezone"])
        session.add(schools[row["code"]])
    session.flush()
    return schools


def _seed_calendar(session: Session, schools: dict[str, School]) -> set[date]:
    closed = set()
    for row in _rows("calendar.csv"):
        school = schools[row["school"]] if row["school"] else None
        for day in _days(row["date"]):
            session.add(NonSchoolDay(school_id=school.id if school else None, day=day,
                                     reason=row["note"]))
            if school is None:
                closed.add(day)
    return closed


def _seed_events(session: Session, schools: dict[str, School]) -> None:
    for row in _rows("events.csv"):
        school = schools[row["school"]]
        tz = ZoneInfo(school.timezone)
        starts = datetime.fromisoformat(row["starts_at"]).replace(tzinfo=tz)
        ends = datetime.fromisoformat(row["ends_at"]).replace(tzinfo=tz)
        session.add(Event(
            school_id=school.id, title=row["title"], topic_key=row["code"], starts_at=starts,
            duration_minutes=int((ends - starts).total_seconds() // 60),
            location=row["place"], childcare=row["childcare"].lower() in ("yes", "true", "1"),
            dinner=bool(row["meal"])))


def _seed_resources(session: Session, schools: dict[str, School]) -> None:
    for row in _rows("resources.csv"):
        school = schools[row["school"]] if row["school"] else None
        session.add(Resource(
            key=row["key"], resource_type=row["type"], name=row["name"],
            phone=row["phone"] or None, address=row["address"] or None, url=row["url"] or None,
            school_id=school.id if school else None))


def _seed_roster(session: Session, rng: random.Random) -> None:
    report = import_roster(session, DEMO_DIR / "roster.csv")
    if report.rejected:
        raise DemoDataError(f"demo/roster.csv rejected rows: {report.rejected}")
    # Half the demo families asked for the morning wake-up text.
    for guardian in session.scalars(select(Guardian).order_by(Guardian.id)):
        if rng.random() < 0.5:
            guardian.nudge_opt_in, guardian.nudge_time = True, NUDGE_TIME


def school_days(start: date, end: date, closed: set[date]) -> list[date]:
    days, day = [], start
    while day <= end:
        if day.weekday() < 5 and day not in closed:
            days.append(day)
        day += timedelta(days=1)
    return days


def _seed_attendance(session: Session, rng: random.Random, today: date,
                     closed: set[date]) -> None:
    days = school_days(TERM_START, today - timedelta(days=1), closed)
    students = session.scalars(select(Student).order_by(Student.sis_id)).all()
    for index, student in enumerate(students):
        # Every 5th student is severely chronically absent, every 5th+1 moderately: the
        # demo then shows each Attendance Works tier.
        rate = (0.25, 0.13, 0.06, 0.02, 0.0)[index % 5]
        absent = set(rng.sample(range(len(days)), round(rate * len(days))))
        for i, day in enumerate(days):
            if i in absent:
                status = "absent"
            elif rng.random() < 0.03:
                status = "tardy"
            else:
                status = "present"
            session.add(AttendanceDay(
                student_id=student.id, day=day, status=status,
                excused=status == "absent" and rng.random() < 0.5,
            ))


def _seed_staff(session: Session, schools: dict[str, School]) -> None:
    first = next(iter(schools.values()))
    for email, role in DEMO_LOGINS:
        session.add(StaffUser(
            email=email, name=email.split("@")[0].title(), role=role,
            password_hash=generate_password_hash(DEMO_PASSWORD),
            schools=[] if role == "district" else [first],
        ))


def seed(session: Session, today: date | None = None) -> bool:
    """Fill an empty database with the demo; return False (and do nothing) if it has schools."""
    if session.scalar(select(func.count()).select_from(School)):
        return False
    rng = random.Random(2026)
    schools = _seed_schools(session)
    closed = _seed_calendar(session, schools)
    _seed_events(session, schools)
    _seed_resources(session, schools)
    _seed_roster(session, rng)
    session.flush()
    _seed_attendance(session, rng, today or date.today(), closed)
    _seed_staff(session, schools)
    session.flush()
    return True
