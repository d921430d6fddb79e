"""CSV export of absence reports for the attendance clerk (to enter into the SIS); spreadsheet-safe
(bot.csv_safe)."""

from __future__ import annotations

from datetime import date
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import csv_safe
from models import AbsenceReport, Guardian, Message, Student

COLUMNS = ["student_id", "date", "kind", "reason", "guardian_phone", "language", "message",
           "reported_at"]


def export_absences(session: Session, out: TextIO, since: date | None = None,
                    until: date | None = None, school_ids: list[int] | None = None) -> int:
    """Write the CSV; return the number of rows. ``school_ids`` None = every school."""
    query = (
        select(AbsenceReport, Student, Guardian, Message)
        .join(Student, Student.id == AbsenceReport.student_id)
        .outerjoin(Guardian, Guardian.id == AbsenceReport.guardian_id)
        .outerjoin(Message, Message.id == AbsenceReport.message_id)
        .order_by(AbsenceReport.day, Student.sis_id, AbsenceReport.kind)
    )
    if since:
        query = query.where(AbsenceReport.day >= since)
    if until:
        query = query.where(AbsenceReport.day <= until)
    if school_ids is not None:
        query = query.where(Student.school_id.in_(school_ids))
    writer = csv_safe.writer(out)
    writer.writerow(COLUMNS)
    rows = 0
    for report, student, guardian, message in session.execute(query):
        writer.writerow([
            student.sis_id, report.day.isoformat(), report.kind, report.reason,
            guardian.phone if guardian else "", message.language if message else "",
            message.body if message else "", report.created_at.isoformat(timespec="seconds"),
        ])
        rows += 1
    return rows
