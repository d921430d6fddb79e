"""Absence and tardy reports as staff work them: one filter for the clerk's page
(admin/absences), its CSV and ``flask export absences``, so the three always agree.

``AbsenceFilter`` says which reports; ``reports_query`` selects (report, student, guardian,
message) rows in SIS-entry order (day, student, kind); ``mark_entered`` records that reports were
entered in the student information system, once, by whom.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from models import AbsenceReport, Guardian, Message, StaffUser, Student
from models.base import utcnow

ENTERED_STATES = ("to_enter", "entered", "all")


@dataclass(frozen=True)
class AbsenceFilter:
    """Which reports. ``school_ids`` None = every school; ``entered`` "to_enter" (the clerk's
    default), "entered" or "all"; empty values filter nothing."""

    since: date | None = None
    until: date | None = None
    school_ids: tuple[int, ...] | None = None
    reason: str = ""
    kind: str = ""
    entered: str = "all"


def reports_query(f: AbsenceFilter) -> Select:
    query = (
        select(AbsenceReport, Student, Guardian, Message)
        .join(Student, Student.id == AbsenceReport.student_id)
        .outerjoin(Guardian, Guardian.id == AbsenceReport.guardian_id)
        .outerjoin(Message, Message.id == AbsenceReport.message_id)
        .order_by(AbsenceReport.day, Student.sis_id, AbsenceReport.kind)
    )
    if f.since:
        query = query.where(AbsenceReport.day >= f.since)
    if f.until:
        query = query.where(AbsenceReport.day <= f.until)
    if f.school_ids is not None:
        query = query.where(Student.school_id.in_(f.school_ids))
    if f.reason:
        query = query.where(AbsenceReport.reason == f.reason)
    if f.kind:
        query = query.where(AbsenceReport.kind == f.kind)
    if f.entered == "to_enter":
        query = query.where(AbsenceReport.entered_at.is_(None))
    elif f.entered == "entered":
        query = query.where(AbsenceReport.entered_at.is_not(None))
    return query


def visible_report_ids(session: Session, ids: Iterable[int],
                       school_ids: Iterable[int] | None) -> set[int]:
    """Those of ``ids`` whose child is at one of ``school_ids`` (None = every school)."""
    query = (select(AbsenceReport.id).join(Student, Student.id == AbsenceReport.student_id)
             .where(AbsenceReport.id.in_(list(ids))))
    if school_ids is not None:
        query = query.where(Student.school_id.in_(list(school_ids)))
    return set(session.scalars(query))


def mark_entered(session: Session, staff: StaffUser, ids: Iterable[int]) -> int:
    """Mark these reports entered in the SIS (those already marked keep who and when);
    returns how many were newly marked. The caller has checked the ids are in scope."""
    result = session.execute(
        update(AbsenceReport)
        .where(AbsenceReport.id.in_(list(ids)), AbsenceReport.entered_at.is_(None))
        .values(entered_at=utcnow(), entered_by_id=staff.id)
        .execution_options(synchronize_session=False))
    return result.rowcount
