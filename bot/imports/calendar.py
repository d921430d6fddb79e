"""``flask calendar import FILE``: the school calendar, from CSV or iCalendar (.ics).

CSV header ``date,school,kind,note``:
- ``date``: a day (2026-11-26 or 11/26/2026) or a range ``2026-12-21..2027-01-01``;
- ``school``: blank for every school, else a school as any file names it (bot.imports.school_match);
- ``kind``: holiday, break, no_school (no school that day), minimum_day, first_day, last_day
  (school days, marked).
An ``.ics`` file (a district's published calendar) is read with the icalendar library: every
all-day event becomes ``no_school`` for every school (or ``--school``), its summary the note;
events with a time of day are not days off and are skipped.

One row per school (or district) and day: importing again updates the day in place.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.imports.attendance import parse_date
from bot.imports.csv_file import BadHeader, ImportReport, RowError
from bot.imports.rows import import_rows, set_fields
from bot.imports.school_match import SchoolMatcher
from models import CalendarDay, School
from models.school import CALENDAR_KINDS

COLUMNS = ["date", "school", "kind"]
MAX_RANGE_DAYS = 366


def parse_days(value: str) -> list[date]:
    first, sep, last = value.strip().partition("..")
    start = parse_date(first)
    end = parse_date(last) if sep else start
    if end < start:
        raise RowError(f"date range {value!r} ends before it starts")
    if (end - start).days > MAX_RANGE_DAYS:
        raise RowError(f"date range {value!r} is longer than a school year")
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _store(session: Session, school: School | None, days: list[date], kind: str,
           note: str) -> str:
    """Create or update one calendar day per day; the row's outcome."""
    outcomes = set()
    school_id = school.id if school else None
    for day in days:
        row = session.scalar(select(CalendarDay).where(
            CalendarDay.day == day,
            CalendarDay.school_id == school_id if school_id else CalendarDay.school_id.is_(None)))
        if row is None:
            session.add(CalendarDay(school_id=school_id, day=day, kind=kind, note=note))
            outcomes.add("created")
        else:
            outcomes.add("updated" if set_fields(row, {"kind": kind, "note": note})
                         else "unchanged")
    return next(o for o in ("created", "updated", "unchanged") if o in outcomes)


def import_calendar(session: Session, path: str | Path, school: str | None = None
                    ) -> ImportReport:
    """Import a CSV or .ics calendar; raises BadHeader when nothing can be read."""
    if Path(path).suffix.lower() == ".ics":
        return _import_ics(session, Path(path), school)
    matcher = SchoolMatcher(session)

    def apply(row: dict[str, str]) -> str:
        kind = row["kind"].strip().lower().replace(" ", "_").replace("-", "_")
        if kind not in CALENDAR_KINDS:
            raise RowError(f"kind {row['kind']!r} is not one of {', '.join(CALENDAR_KINDS)}")
        target = matcher.find(row["school"]) if row["school"].strip() else None
        return _store(session, target, parse_days(row["date"]), kind,
                      row.get("note", "").strip()[:200])

    return import_rows(session, path, COLUMNS, apply)


def _import_ics(session: Session, path: Path, school: str | None) -> ImportReport:
    try:
        calendar = Calendar.from_ical(path.read_bytes())
    except ValueError as exc:
        raise BadHeader(f"not an iCalendar file: {exc}") from None
    try:
        target = SchoolMatcher(session).find(school) if school else None
    except RowError as exc:
        raise BadHeader(str(exc)) from None
    report = ImportReport()
    for number, event in enumerate(calendar.walk("VEVENT"), start=1):
        start = event.decoded("DTSTART", None)
        summary = str(event.get("SUMMARY", ""))[:200]
        if not isinstance(start, date) or hasattr(start, "hour"):
            report.unchanged += 1  # a timed event (a meeting), not a day off
            continue
        end = event.decoded("DTEND", None) or start + timedelta(days=1)  # DTEND is exclusive
        days = [start + timedelta(days=i) for i in range(max(1, (end - start).days))]
        try:
            with session.begin_nested():
                outcome = _store(session, target, days[:MAX_RANGE_DAYS], "no_school", summary)
        except RowError as exc:
            report.rejected.append((number, f"event {summary!r}: {exc}"))
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report
