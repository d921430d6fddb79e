"""Demo data for ``flask demo seed``: the ten Family FOCUS sites, their workshop calendar, the
resource directory, families in every supported language and a term of attendance history.

Deterministic (fixed random seed), so two machines show the same demo. Seeding only happens on
an empty database; ``seed()`` returns False and changes nothing otherwise.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from bot.demo import data
from models import (
    AttendanceDay,
    Event,
    Guardian,
    NonSchoolDay,
    Resource,
    School,
    StaffUser,
    Student,
    StudentGuardian,
)

DEMO_PASSWORD = "showup-demo"
DEMO_LOGINS = (("district@showup.example", "district"), ("clerk@showup.example", "school"))
TERM_START = date(2026, 8, 27)
# District holidays in the demo term (Labor Day, Veterans Day, Thanksgiving break).
HOLIDAYS = {
    date(2026, 9, 7): "Labor Day",
    date(2026, 11, 11): "Veterans Day",
    date(2026, 11, 26): "Thanksgiving",
    date(2026, 11, 27): "Thanksgiving",
}


def _hm(value: str) -> time:
    hour, minute = value.split(":")
    return time(int(hour), int(minute))


def school_days(start: date, end: date) -> list[date]:
    days, day = [], start
    while day <= end:
        if day.weekday() < 5 and day not in HOLIDAYS:
            days.append(day)
        day += timedelta(days=1)
    return days


def _third_wednesday(year: int, month: int) -> date:
    first = date(year, month, 1)
    offset = (2 - first.weekday()) % 7
    return first + timedelta(days=offset + 14)


def _seed_schools(session: Session) -> dict[str, School]:
    schools = {}
    for row in data.SCHOOLS:
        school = School(
            code=row["code"], name=row["name"], phone=row["phone"], address=row["address"],
            start_time=_hm(row["start_time"]), end_time=_hm(row["end_time"]),
            timezone=row["timezone"],
        )
        session.add(school)
        schools[row["code"]] = school
    for day, reason in HOLIDAYS.items():
        session.add(NonSchoolDay(school_id=None, day=day, reason=reason))
    session.flush()
    return schools


def _seed_events(session: Session, schools: dict[str, School]) -> None:
    for school in schools.values():
        tz = ZoneInfo(school.timezone)
        for row in data.WORKSHOPS:
            year = 2026 if row["month"] >= 8 else 2027
            day = _third_wednesday(year, row["month"])
            session.add(Event(
                school_id=school.id, title=row["title"], topic_key=row["topic_key"],
                starts_at=datetime.combine(day, _hm(row["start_time"]), tz),
                duration_minutes=row["duration_minutes"], location=school.name,
                childcare=row["childcare"], dinner=row["dinner"],
            ))


def _seed_families(session: Session, schools: dict[str, School], rng: random.Random) -> list:
    students, next_id = [], 100001
    guardians: dict[tuple[str, str], Guardian] = {}
    for fam in data.FAMILIES:
        key = (fam["phone"], fam["guardian_name"])
        guardian = guardians.get(key)
        if guardian is None:
            guardian = Guardian(
                name=fam["guardian_name"], phone=fam["phone"], language=fam["language"],
                nudge_opt_in=rng.random() < 0.5, nudge_time=time(6, 45),
            )
            session.add(guardian)
            guardians[key] = guardian
        for child in fam["children"]:
            school = schools[child.get("school", fam["school"])]
            existing = next(
                (s for s in students
                 if s.first_name == child["first_name"] and s.last_name == child["last_name"]),
                None,
            )
            student = existing or Student(
                sis_id=str(next_id), first_name=child["first_name"],
                last_name=child["last_name"], grade=child["grade"], school=school,
            )
            if existing is None:
                next_id += 1
                session.add(student)
                students.append(student)
            session.flush()
            session.add(StudentGuardian(
                student=student, guardian=guardian, relationship_label=fam["relationship"]
            ))
    session.flush()
    return students


def _seed_attendance(session: Session, students: list, rng: random.Random, today: date) -> None:
    days = school_days(TERM_START, today - timedelta(days=1))
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
    first = schools[data.SCHOOLS[0]["code"]]
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
    _seed_events(session, schools)
    for row in data.RESOURCES:
        session.add(Resource(**{k: row[k] for k in (
            "key", "resource_type", "name", "phone", "address", "url")}))
    students = _seed_families(session, schools, rng)
    _seed_attendance(session, students, rng, today or date.today())
    _seed_staff(session, schools)
    session.flush()
    return True
