"""``flask demo seed``: the demo district from the files in ``demo/`` (schools, calendar,
events, resources, roster), plus a simulated term of attendance, its tiers and two staff logins.

The district's data is data: ``demo/*.csv`` in the formats a district uses, each loaded by the
same importer as ``flask <noun> import``. Deterministic (fixed random seed), so two machines
show the same demo. Seeding only happens on an empty database; ``seed()`` returns False and
changes nothing otherwise.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from bot.imports.calendar import import_calendar
from bot.imports.events import import_events
from bot.imports.resources import import_resources
from bot.imports.roster import import_roster
from bot.imports.schools import import_schools
from bot.outreach.holdout import assign_new
from bot.tiers import compute_tiers
from config import ROOT
from models import (
    AttendanceDay,
    CalendarDay,
    Guardian,
    School,
    StaffUser,
    Student,
)
from models.school import NO_SCHOOL_KINDS

DEMO_DIR = ROOT / "demo"
DEMO_PASSWORD = "showup-demo"
DEMO_LOGINS = (("district@showup.example", "district"), ("clerk@showup.example", "school"))
TERM_START = date(2026, 8, 27)
NUDGE_TIME = time(6, 45)

DEMO_SEED = 2026  # the holdout draw's seed: every machine shows the same demo


class DemoDataError(RuntimeError):
    """A demo file has a row the importers reject (the files ship with the code)."""


def _load(session: Session, importer, name: str) -> None:
    """One demo file through the same importer a district uses."""
    report = importer(session, DEMO_DIR / name)
    if report.rejected:
        raise DemoDataError(f"demo/{name} rejected rows: {report.rejected}")


def _closed_days(session: Session) -> set[date]:
    return set(session.scalars(select(CalendarDay.day).where(
        CalendarDay.school_id.is_(None), CalendarDay.kind.in_(NO_SCHOOL_KINDS))))


def _nudge_opt_ins(session: Session, rng: random.Random) -> None:
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
    today = today or date.today()
    rng = random.Random(2026)
    for importer, name in ((import_schools, "schools.csv"), (import_calendar, "calendar.csv"),
                           (import_events, "events.csv"), (import_resources, "resources.csv"),
                           (import_roster, "roster.csv")):
        _load(session, importer, name)
    _nudge_opt_ins(session, rng)
    session.flush()
    _seed_attendance(session, rng, today, _closed_days(session))
    session.flush()
    compute_tiers(session, today - timedelta(days=1))
    assign_new(session, today - timedelta(days=1), seed=DEMO_SEED)  # the holdout, as an import
    _seed_staff(session, {s.code: s for s in session.scalars(select(School).order_by(
        School.code))})
    session.flush()
    return True
