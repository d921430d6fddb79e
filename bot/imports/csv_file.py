"""Shared CSV reading for the SIS imports: encoding, header check, line numbers, the report."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.text.clean import strip_controls


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


MAX_RECORD_LINES = 5  # a quoted field may span lines (an address); an open quote may not eat more


def read_rows(path: str | Path, required: list[str],
              rejected: list[tuple[int, str]] | None = None
              ) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line_number, row)`` with lower-cased header keys and stripped values.

    UTF-8 with or without BOM, CRLF or LF. Line numbers are the file's physical line of the
    row's start (the header is line 1), so a clerk can find the row in a spreadsheet. Extra
    columns are ignored; control characters (NUL…) are removed from every field. A quoted field
    may span up to MAX_RECORD_LINES lines; a quote left open is reported on its own line in
    ``rejected`` — as (line, reason) — and reading goes on with the next line, so it never
    swallows the rows after it. Raises BadHeader if a required column is missing."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadHeader(f"file is not UTF-8 (byte {exc.start}): save it as CSV UTF-8") from None
    lines = strip_controls(text).splitlines(keepends=True)
    if not lines:
        raise BadHeader("file is empty")
    header = [h.strip().lower() for h in _record(lines[0]) or []]
    missing = [c for c in required if c not in header]
    if missing:
        raise BadHeader(f"missing column(s): {', '.join(missing)}")
    if not any('"' in line for line in lines):
        # No quotes anywhere (most SIS exports): every line is one record; read them in one go.
        yield from _unquoted(lines, header)
        return
    index = 1
    while index < len(lines):
        line_number, end = index + 1, index
        chunk = lines[index]
        # An odd number of quote marks means a quoted field goes on to the next line.
        while chunk.count('"') % 2 and end + 1 < len(lines) and end - index + 1 < MAX_RECORD_LINES:
            end += 1
            chunk += lines[end]
        values = _record(chunk)
        if values is None or chunk.count('"') % 2 or (end > index and len(values) != len(header)):
            if rejected is not None:
                rejected.append((line_number, 'a quote (") is never closed: fix the quotes on '
                                              "this line"))
            index += 1  # only this line is lost: the next one is read on its own
            continue
        index = end + 1
        if not any(v.strip() for v in values):
            continue
        if len(values) < len(header):
            values = values + [""] * (len(header) - len(values))
        yield line_number, {k: v.strip() for k, v in zip(header, values, strict=False)}


def _unquoted(lines: list[str], header: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    width = len(header)
    for number, values in enumerate(csv.reader(lines[1:]), start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) < width:
            values = values + [""] * (width - len(values))
        yield number, {k: v.strip() for k, v in zip(header, values, strict=False)}


def _record(chunk: str) -> list[str] | None:
    """One CSV record from ``chunk``; None when it is not exactly one well-formed record."""
    try:
        records = list(csv.reader(io.StringIO(chunk, newline=""), strict=True))
    except csv.Error:
        return None
    return records[0] if len(records) == 1 else ([] if not records else None)
