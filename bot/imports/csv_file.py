"""Shared CSV reading for the SIS imports: encoding, header check, line numbers, the report."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


class BadHeader(ValueError):
    """The file's header lacks required columns: nothing can be imported."""


class RowError(ValueError):
    """One row cannot be imported; the message is the reason shown to the user."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def summary(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.rejected)} rejected"
        )


def read_rows(path: str | Path, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line_number, row)`` with lower-cased header keys and stripped values.

    UTF-8 with or without BOM. Line numbers are the file's physical line of the row's start
    (the header is line 1), so a clerk can find the row in a spreadsheet. Extra columns are
    ignored. Raises BadHeader if a required column is missing."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadHeader(f"file is not UTF-8 (byte {exc.start}): save it as CSV UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise BadHeader("file is empty") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise BadHeader(f"missing column(s): {', '.join(missing)}")
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise BadHeader(f"line {line}: unreadable CSV ({exc})") from None
        if not any(v.strip() for v in values):
            continue
        if len(values) < len(header):
            values = values + [""] * (len(header) - len(values))
        yield line, {k: v.strip() for k, v in zip(header, values, strict=False)}
