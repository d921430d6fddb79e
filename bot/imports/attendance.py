"""``flask attendance import FILE``: daily attendance. Header ``student_id,date,status[,excused]``.

status: present|absent|tardy or P|A|T (any case); date: ISO (2026-11-23) or M/D/YYYY;
excused: yes/no/true/false/1/0/Y/N or empty. One row per student and day: a later file updates
the day in place. Bad rows are reported with their line number; the rest is imported.

Built for a district's whole year (50,000 students × 180 days): rows are checked in Python and
written in batches with one INSERT … ON CONFLICT DO UPDATE per batch, not one query per row.
After the import the tiers are computed (bot.tiers).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from bot.imports.csv_file import ImportReport, RowError, read_rows
from models import AttendanceDay, Student

STATUS = {"present": "present", "p": "present", "absent": "absent", "a": "absent",
          "tardy": "tardy", "t": "tardy"}
TRUE = {"y", "yes", "true", "1", "x"}
FALSE = {"", "n", "no", "false", "0"}
COLUMNS = ["student_id", "date", "status"]
BATCH = 5000


@lru_cache(maxsize=4096)
def parse_date(value: str) -> date:
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise RowError(f"date {value!r} is not YYYY-MM-DD or M/D/YYYY")


def parse_row(row: dict[str, str], students: dict[str, int]) -> tuple[int, date, str, bool]:
    """(student id, day, status, excused) of one row; RowError says what is wrong."""
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
    return student_id, day, status, excused_raw in TRUE


def _upsert(session: Session, rows: list[dict]) -> int:
    """Insert or update a batch; returns how many rows were inserted or really changed.

    An unchanged row matches the WHERE of no update, so what is counted is what was inserted or
    really changed. SQLite: a plain executemany and its rowcount (RETURNING halves the speed).
    PostgreSQL: COPY into a staging table, then one INSERT … SELECT … ON CONFLICT, whose
    rowcount is exact (an executemany has none, and RETURNING row by row was 5× a bare insert
    for a school year: bench/attendance.py)."""
    if session.get_bind().dialect.name == "postgresql":
        return _upsert_postgresql(session, rows)
    table = AttendanceDay.__table__  # Core, not ORM: a plain executemany with a rowcount
    insert = sqlite.insert(table)
    changed = (table.c.status != insert.excluded.status) | \
        (table.c.excused != insert.excluded.excused)
    stmt = insert.on_conflict_do_update(
        index_elements=["student_id", "day"],
        set_={"status": insert.excluded.status, "excused": insert.excluded.excused},
        where=changed)
    return session.execute(stmt, rows).rowcount


def _upsert_postgresql(session: Session, rows: list[dict]) -> int:
    connection = session.connection().connection.driver_connection  # psycopg, same transaction
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS attendance_stage (student_id integer, "
                       "day date, status varchar(8), excused boolean) ON COMMIT DROP")
        cursor.execute("TRUNCATE attendance_stage")
        with cursor.copy("COPY attendance_stage (student_id, day, status, excused) "
                         "FROM STDIN") as copy:
            for row in rows:
                copy.write_row((row["student_id"], row["day"], row["status"], row["excused"]))
        cursor.execute(
            "INSERT INTO attendance_days (student_id, day, status, excused) "
            "SELECT student_id, day, status, excused FROM attendance_stage "
            "ON CONFLICT (student_id, day) DO UPDATE "
            "SET status = excluded.status, excused = excluded.excused "
            "WHERE attendance_days.status <> excluded.status "
            "OR attendance_days.excused <> excluded.excused")
        return cursor.rowcount


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AttendanceDay))


def import_attendance(session: Session, path: str | Path) -> ImportReport:
    """Import (or update) the file; raises BadHeader when nothing can be read."""
    report = ImportReport()
    students = dict(session.execute(select(Student.sis_id, Student.id)).all())
    before, written, seen = _count(session), 0, {}
    for line, row in read_rows(path, COLUMNS, report.rejected):
        try:
            student_id, day, status, excused = parse_row(row, students)
        except RowError as exc:
            report.rejected.append((line, str(exc)))
            continue
        # The same student and day twice in one file: the later row wins.
        seen[(student_id, day)] = {"student_id": student_id, "day": day, "status": status,
                                   "excused": excused}
        if len(seen) >= BATCH:
            written += _upsert(session, list(seen.values()))
            report.unchanged += len(seen)
            seen = {}
    if seen:
        written += _upsert(session, list(seen.values()))
        report.unchanged += len(seen)
    report.created = _count(session) - before
    report.updated = written - report.created
    report.unchanged -= written
    return report
