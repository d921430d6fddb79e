"""Roster import: one row per student–guardian pair.

Header: student_id,first_name,last_name,grade,school,guardian_name,guardian_phone,language,
relationship, and optionally gender (F/M, female/male, girl/boy; anything else is left unset).
School as any file names it (bot.imports.school_match); language as a code or an English name;
phone in any common US format. Each row is applied in its own savepoint, so a bad
row is reported with its line number and reason and the rest of the file is imported.
Re-importing the same file changes nothing; an updated file updates in place.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.imports.csv_file import ImportReport, RowError
from bot.imports.rows import import_rows, set_fields
from bot.imports.school_match import SchoolMatcher
from bot.messages.languages import normalize_language
from bot.opt_out import opted_out_since
from bot.text.phones import InvalidPhone, to_e164
from models import Guardian, Student, StudentGuardian

COLUMNS = [
    "student_id", "first_name", "last_name", "grade", "school",
    "guardian_name", "guardian_phone", "language", "relationship",
]


GENDERS = {"f": "f", "female": "f", "girl": "f", "woman": "f", "m": "m", "male": "m",
           "boy": "m", "man": "m"}


def _gender(value: str | None) -> str | None:
    return GENDERS.get((value or "").strip().lower())


def import_row(session: Session, row: dict[str, str], matcher: SchoolMatcher) -> str:
    """Apply one roster row; return "created", "updated" or "unchanged"; raise RowError."""
    sis_id = row["student_id"]
    if not sis_id:
        raise RowError("student_id is empty")
    if not row["first_name"]:
        raise RowError("first_name is empty")
    if not row["guardian_name"]:
        raise RowError("guardian_name is empty")
    try:
        phone = to_e164(row["guardian_phone"])
    except InvalidPhone as exc:
        raise RowError(f"guardian_phone {row['guardian_phone']!r}: {exc}") from None
    language = normalize_language(row["language"] or "en")
    if language is None:
        raise RowError(f"unsupported language {row['language']!r}")
    school = matcher.find(row["school"])

    outcome = "unchanged"
    student = session.scalar(select(Student).where(Student.sis_id == sis_id))
    fields = {
        "first_name": row["first_name"], "last_name": row["last_name"],
        "grade": row["grade"], "school_id": school.id, "gender": _gender(row.get("gender")),
    }
    if student is None:
        student = Student(sis_id=sis_id, **fields)
        session.add(student)
        outcome = "created"
    elif set_fields(student, fields):
        outcome = "updated"

    guardian = session.scalar(
        select(Guardian).where(Guardian.phone == phone, Guardian.name == row["guardian_name"])
    )
    if guardian is None:
        guardian = Guardian(name=row["guardian_name"], phone=phone, language=language)
        stopped = opted_out_since(session, phone)  # the phone said STOP (bot.opt_out)
        if stopped is not None:
            guardian.opted_out, guardian.opted_out_at = True, stopped
        session.add(guardian)
        outcome = "created" if outcome == "created" else "updated"
    elif set_fields(guardian, {"language": language}) and outcome == "unchanged":
        outcome = "updated"
    session.flush()

    link = session.get(StudentGuardian, (student.id, guardian.id))
    if link is None:
        session.add(StudentGuardian(
            student_id=student.id, guardian_id=guardian.id,
            relationship_label=row["relationship"],
        ))
        outcome = "created" if outcome == "created" else "updated"
    elif set_fields(link, {"relationship_label": row["relationship"]}) and outcome == "unchanged":
        outcome = "updated"
    session.flush()
    return outcome


def import_roster(session: Session, path: str | Path) -> ImportReport:
    """Import a roster CSV; raises BadHeader when nothing can be read."""
    matcher = SchoolMatcher(session)
    return import_rows(session, path, COLUMNS, lambda row: import_row(session, row, matcher))
