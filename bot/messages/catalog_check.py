"""Check that every catalog in locales/ is complete and keeps every placeholder.

``problems(locales_dir)`` returns human-readable problems: a missing or fuzzy translation, a
placeholder ({name}) missing or added, a missing plural form. Used by ``flask translate check``,
the test-suite and ``python -m bot.messages.catalog_check``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from bot.messages.languages import CODES

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _fields(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text or ""))


def problems(locales_dir: str | Path = "locales") -> list[str]:
    out = []
    for code in CODES:
        path = Path(locales_dir) / code / "LC_MESSAGES" / "messages.po"
        if not path.exists():
            out.append(f"{code}: no catalog at {path}")
            continue
        with path.open("rb") as fh:
            catalog = read_po(fh)
        for msg in catalog:
            if not msg.id:
                continue
            ids = msg.id if isinstance(msg.id, tuple) else (msg.id,)
            strs = msg.string if isinstance(msg.string, tuple) else (msg.string,)
            label = f"{code}: {ids[0][:50]!r}"
            if msg.fuzzy:
                out.append(f"{label} is fuzzy")
            if not all(strs):
                out.append(f"{label} is not translated")
                continue
            expected = _fields(ids[-1])
            for s in strs:
                if _fields(s) != expected:
                    out.append(f"{label} placeholders {sorted(_fields(s))} != {sorted(expected)}")
    return out


if __name__ == "__main__":
    found = problems(sys.argv[1] if len(sys.argv) > 1 else "locales")
    print("\n".join(found) or "all catalogs complete")
    sys.exit(1 if found else 0)
