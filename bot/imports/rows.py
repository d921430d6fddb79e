"""The loop every importer shares: each row in its own savepoint, a bad row reported with its
line number and reason, the rest imported, and a count of created / updated / unchanged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from bot.imports.csv_file import ImportReport, RowError, read_rows


def import_rows(session: Session, path: str | Path, required: list[str],
                apply: Callable[[dict[str, str]], str]) -> ImportReport:
    """Run ``apply(row)`` (returns "created", "updated" or "unchanged", raises RowError) on
    every row of the CSV at ``path``; raises BadHeader when nothing can be read."""
    report = ImportReport()
    for line, row in read_rows(path, required, report.rejected):
        try:
            with session.begin_nested():
                outcome = apply(row)
                session.flush()
        except RowError as exc:
            report.rejected.append((line, str(exc)))
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def set_fields(obj, changes: dict) -> bool:
    """Set the attributes that differ; True when anything changed."""
    changed = False
    for attr, value in changes.items():
        if getattr(obj, attr) != value:
            setattr(obj, attr, value)
            changed = True
    return changed


def staff_texts(existing: list, make, row: dict[str, str], prefix: str,
                languages: tuple[str, ...], limit: int) -> bool:
    """Store the row's ``<prefix>_<lang>`` columns (``title_es``…) as staff texts in
    ``existing`` (an EventTitle / ResourceDescription list; ``make`` builds a new one). True
    when anything changed."""
    changed = False
    by_language = {t.language: t for t in existing}
    for code in languages:
        text = row.get(f"{prefix}_{code}", "").strip()[:limit]
        if not text:
            continue
        current = by_language.get(code)
        if current is None:
            existing.append(make(language=code, text=text, origin="staff"))
            changed = True
        elif (current.text, current.origin) != (text, "staff"):
            current.text, current.origin, current.reviewed_at = text, "staff", None
            changed = True
    return changed
