"""Attendance rates and Attendance Works tiers, from the imported attendance.

``compute_tiers(session, as_of)`` writes one TierSnapshot per student for ``as_of`` (replacing
that day's if it exists): in the school year so far (from July 1), the enrolled school days (days
with an attendance record — a holiday has none, so it changes nothing), the days absent (excused
or not; a tardy is not an absence), the rate, and the tier — satisfactory < 5 %, at risk 5–9.9 %,
moderate 10–19.9 %, severe ≥ 20 % — and the same over the student's last 20 school days, so a
student who is slipping shows before the year-to-date rate moves. Two SQL aggregates over the
attendance table, then one batched upsert: a district's 50,000 students take seconds.

``tier(absent, enrolled)`` decides the band in whole numbers, so 5 % is at risk exactly.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from models import AttendanceDay, Student, TierSnapshot

LAST_DAYS = 20
BANDS = ((5, "satisfactory"), (10, "at_risk"), (20, "moderate"))  # upper bounds, in percent
ORDER = ("satisfactory", "at_risk", "moderate", "severe")
BATCH = 5000


def tier(absent: int, enrolled: int) -> str:
    """The Attendance Works band of ``absent`` days out of ``enrolled``."""
    if enrolled <= 0:
        return "satisfactory"
    for upper, name in BANDS:
        if absent * 100 < upper * enrolled:
            return name
    return "severe"


def at_least(name: str, floor: str) -> bool:
    """Is tier ``name`` ``floor`` or worse ("tier:at_risk+")?"""
    return ORDER.index(name) >= ORDER.index(floor)


def school_year_start(as_of: date) -> date:
    return date(as_of.year if as_of.month >= 7 else as_of.year - 1, 7, 1)


def _absent():
    return func.sum(case((AttendanceDay.status == "absent", 1), else_=0))


def _year_to_date(session: Session, start: date, as_of: date) -> dict[int, tuple[int, int]]:
    rows = session.execute(
        select(AttendanceDay.student_id, func.count(), _absent())
        .where(AttendanceDay.day >= start, AttendanceDay.day <= as_of)
        .group_by(AttendanceDay.student_id))
    return {student: (enrolled, absent or 0) for student, enrolled, absent in rows}


def _last_days(session: Session, start: date, as_of: date) -> dict[int, tuple[int, int]]:
    ranked = (select(AttendanceDay.student_id, AttendanceDay.status,
                     func.row_number().over(partition_by=AttendanceDay.student_id,
                                            order_by=AttendanceDay.day.desc()).label("n"))
              .where(AttendanceDay.day >= start, AttendanceDay.day <= as_of).subquery())
    rows = session.execute(
        select(ranked.c.student_id, func.count(),
               func.sum(case((ranked.c.status == "absent", 1), else_=0)))
        .where(ranked.c.n <= LAST_DAYS).group_by(ranked.c.student_id))
    return {student: (enrolled, absent or 0) for student, enrolled, absent in rows}


def compute_tiers(session: Session, as_of: date) -> int:
    """Write every student's snapshot for ``as_of``; returns how many."""
    start = school_year_start(as_of)
    year, recent = _year_to_date(session, start, as_of), _last_days(session, start, as_of)
    rows = []
    for student_id, (enrolled, absent) in year.items():
        last_enrolled, last_absent = recent.get(student_id, (0, 0))
        rows.append({
            "student_id": student_id, "as_of": as_of, "enrolled_days": enrolled,
            "absent_days": absent, "rate": round(absent / enrolled, 4),
            "tier": tier(absent, enrolled),
            "rate_last_20": round(last_absent / last_enrolled, 4) if last_enrolled else 0.0,
            "tier_last_20": tier(last_absent, last_enrolled),
        })
    for i in range(0, len(rows), BATCH):
        _upsert(session, rows[i:i + BATCH])
    return len(rows)


def _upsert(session: Session, rows: list[dict]) -> None:
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect](TierSnapshot)
    columns = ("enrolled_days", "absent_days", "rate", "tier", "rate_last_20", "tier_last_20")
    session.execute(insert.on_conflict_do_update(
        index_elements=["student_id", "as_of"],
        set_={c: getattr(insert.excluded, c) for c in columns}), rows)


def latest(session: Session, student_ids, as_of: date | None = None) -> dict[int, TierSnapshot]:
    """The newest snapshot (on or before ``as_of``) of each of these students."""
    newest = (select(TierSnapshot.student_id, func.max(TierSnapshot.as_of).label("as_of"))
              .where(TierSnapshot.student_id.in_(list(student_ids)))
              .group_by(TierSnapshot.student_id))
    if as_of is not None:
        newest = newest.where(TierSnapshot.as_of <= as_of)
    newest = newest.subquery()
    rows = session.scalars(select(TierSnapshot).join(
        newest, (TierSnapshot.student_id == newest.c.student_id)
        & (TierSnapshot.as_of == newest.c.as_of)))
    return {row.student_id: row for row in rows}


EXPORT_COLUMNS = ["student_id", "school", "enrolled_days", "absent_days", "rate", "tier",
                  "rate_last_20", "tier_last_20"]


def export_rows(session: Session, as_of: date | None = None, school_id: int | None = None):
    """CSV rows for ``flask export tiers``: every student's newest snapshot."""
    query = select(Student).order_by(Student.sis_id)
    if school_id is not None:
        query = query.where(Student.school_id == school_id)
    students = list(session.scalars(query))
    snapshots = {}
    ids = [s.id for s in students]
    for i in range(0, len(ids), BATCH):
        snapshots.update(latest(session, ids[i:i + BATCH], as_of))
    for student in students:
        snap = snapshots.get(student.id)
        if snap is not None:
            yield [student.sis_id, student.school.code, snap.enrolled_days, snap.absent_days,
                   f"{snap.rate:.4f}", snap.tier, f"{snap.rate_last_20:.4f}",
                   snap.tier_last_20]
