"""Characters nobody types: removed from every family message and every imported field.

NUL above all (PostgreSQL text cannot hold it) and the other C0/C1 control characters; tabs,
line breaks and carriage returns stay (a multi-line address, a message in two lines).
"""

from __future__ import annotations

import re

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_controls(text: str | None) -> str:
    return CONTROL_CHARS.sub("", text or "")
