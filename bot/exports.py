"""CSV export of absence reports for the attendance clerk (to enter into the SIS), for
``flask export absences`` and the clerk's page alike (bot.absences selects the rows);
spreadsheet-safe (bot.csv_safe)."""

from __future__ import annotations

from typing import TextIO

from sqlalchemy.orm import Session

from bot import csv_safe
from bot.absences import AbsenceFilter, reports_query

COLUMNS = ["student_id", "date", "kind", "reason", "guardian_phone", "language", "message",
           "reported_at"]


def export_absences(session: Session, out: TextIO, f: AbsenceFilter = AbsenceFilter()) -> int:
    """Write the CSV of the reports ``f`` selects; return the number of rows."""
    writer = csv_safe.writer(out)
    writer.writerow(COLUMNS)
    rows = 0
    for report, student, guardian, message in session.execute(reports_query(f)):
        writer.writerow([
            student.sis_id, report.day.isoformat(), report.kind, report.reason,
            guardian.phone if guardian else "", message.language if message else "",
            message.body if message else "", report.created_at.isoformat(timespec="seconds"),
        ])
        rows += 1
    return rows
