"""CSV that is safe to open in a spreadsheet.

A cell a family or a roster controls can begin with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return; Excel and LibreOffice then run it as a formula (``=HYPERLINK("http://…","Click")`` in an
absence message would reach the clerk as a live link). ``safe_cell`` puts an apostrophe in front
of such a text, which the spreadsheet shows as text; a plain number ("+19165550101", "-3") is
left alone, since it can only be a number. ``writer(out)`` is csv.writer with every cell so
treated: every CSV staff download goes through it (CLI and pages alike).
"""

from __future__ import annotations

import csv
import re
from typing import Any, TextIO

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(TRIGGERS) \
            and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, out: TextIO, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(out: TextIO, **kwargs) -> _SafeWriter:
    return _SafeWriter(out, **kwargs)
