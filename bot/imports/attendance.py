"""Attendance import. Header: student_id,date,status[,excused].

status: present|absent|tardy or P|A|T (any case); date: ISO (2026-11-23) or M/D/YYYY;
excused: yes/no/true/false/1/0/Y/N or empty. One row per student and day: a later file updates
the day in place. Bad rows are reported with their line number; the rest is imported.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.imports.csv_file import ImportReport, RowError, read_rows
from models import AttendanceDay, Student

STATUS = {"present": "present", "p": "present", "absent": "absent", "a": "absent",
          "tardy": "tardy", "t": "tardy"}
TRUE = {"y", "yes", "true", "1", "x"}
FALSE = {"", "n", "no", "false", "0"}


def parse_date(value: str) -> date:
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise RowError(f"date {value!r} is not YYYY-MM-DD or M/D/YYYY")


def import_row(session: Session, row: dict[str, str], students: dict[str, int]) -> str:
    student_id = students.get(row["student_id"])
    if student_id is None:
        raise RowError(f"unknown student_id {row['student_id']!r} (import the roster first)")
    day = parse_date(row["date"])
    status = STATUS.get(row["status"].strip().lower())
    if status is None:
        raise RowError(f"status {row['status']!r} is not present/absent/tardy or P/A/T")
    excused_raw = row.get("excused", "").strip().lower()
    if excused_raw not in TRUE | FALSE:
        raise RowError(f"excused {row.get('excused')!r} is not yes/no")
    excused = excused_raw in TRUE
    existing = session.scalar(
        select(AttendanceDay).where(
            AttendanceDay.student_id == student_id, AttendanceDay.day == day
        )
    )
    if existing is None:
        session.add(AttendanceDay(student_id=student_id, day=day, status=status, excused=excused))
        return "created"
    if (existing.status, existing.excused) == (status, excused):
        return "unchanged"
    existing.status, existing.excused = status, excused
    return "updated"


def import_attendance(session: Session, path: str | Path) -> ImportReport:
    report = ImportReport()
    students = dict(session.execute(select(Student.sis_id, Student.id)).all())
    for line, row in read_rows(path, ["student_id", "date", "status"], report.rejected):
        try:
            with session.begin_nested():
                outcome = import_row(session, row, students)
                session.flush()
        except RowError as exc:
            report.rejected.append((line, str(exc)))
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report
