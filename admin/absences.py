"""The clerk's absence work list (/admin/absences): the reports families made through the bot,
filtered by school, dates, reason, kind and whether they are entered in the SIS yet, for the
staff member's schools only; marked entered one or many at a time; downloaded as the same CSV as
``flask export absences``. The routes audit every read, mark and download.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from admin.scope import school_ids, visible_schools
from bot.absences import ENTERED_STATES, AbsenceFilter, reports_query, visible_report_ids
from bot.nlu.labels import ABSENCE_REASONS
from bot.web.ids import parse_id
from models import AbsenceReport, Guardian, Message, School, StaffUser, Student

PAGE_LIMIT = 200  # rows shown (a morning's work); the CSV has them all
KINDS = ("absence", "tardy")


@dataclass
class AbsenceRow:
    report: AbsenceReport
    student: Student
    guardian: Guardian | None
    message: Message | None


@dataclass
class AbsencePage:
    rows: list[AbsenceRow]
    total: int
    schools: list[School]
    args: dict[str, str]  # the filter as submitted, for the form and the CSV link


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None  # a malformed date filters nothing rather than failing the page


def parse_filter(db: Session, staff: StaffUser, args: MultiDict) -> AbsenceFilter:
    """The filter in ``args``, always inside the staff member's schools: a school outside them,
    or one that does not exist, is a 404 (it does not reveal that the school exists)."""
    scope = school_ids(staff)
    chosen = args.get("school", "")
    if chosen:
        school_id = parse_id(chosen)
        if school_id is None or (scope is not None and school_id not in scope) or \
                db.get(School, school_id) is None:
            abort(404)
        ids: tuple[int, ...] | None = (school_id,)
    else:
        ids = None if scope is None else tuple(scope)
    reason = args.get("reason", "")
    kind = args.get("kind", "")
    entered = args.get("entered", "to_enter")
    return AbsenceFilter(
        since=_day(args.get("since")), until=_day(args.get("until")), school_ids=ids,
        reason=reason if reason in ABSENCE_REASONS else "",
        kind=kind if kind in KINDS else "",
        entered=entered if entered in ENTERED_STATES else "to_enter")


def filter_args(f: AbsenceFilter, school: str) -> dict[str, str]:
    args = {"school": school, "since": f.since.isoformat() if f.since else "",
            "until": f.until.isoformat() if f.until else "", "reason": f.reason,
            "kind": f.kind, "entered": f.entered}
    return {key: value for key, value in args.items() if value}


def work_list(db: Session, staff: StaffUser, args: MultiDict) -> AbsencePage:
    f = parse_filter(db, staff, args)
    query = reports_query(f)
    total = db.scalar(select(func.count()).select_from(query.subquery()))
    rows = [AbsenceRow(*row) for row in db.execute(query.limit(PAGE_LIMIT))]
    return AbsencePage(rows=rows, total=total or 0, schools=visible_schools(db, staff),
                       args=filter_args(f, args.get("school", "")))


def ids_in_scope(db: Session, staff: StaffUser, raw_ids: list[str]) -> list[int]:
    """The report ids posted by the form; 404 if any is not a report this staff member sees."""
    ids = {parse_id(raw) for raw in raw_ids}
    if None in ids:
        abort(404)
    if ids and visible_report_ids(db, ids, school_ids(staff)) != ids:
        abort(404)
    return sorted(ids)
