"""Which school a file means, however the district's lists spell it.

``SchoolMatcher(session).find(value)`` returns the School, or raises RowError saying why:

1. the code, the name or an alias, ignoring case ("bhe", "Bret Harte Elementary School");
2. else the one school whose name or alias is the same once both sides are normalized —
   punctuation, spacing, accents and the words "Elementary", "Middle", "High", "School", "K-8",
   "Academy", "Jr." set aside — so "H.W. Harkness" finds "H. W. Harkness Elementary School" and
   "MLK Jr." an alias "MLK";
3. two candidates: the row is rejected naming both, never a guess.

Every importer (roster, attendance, calendar, events, resources) and ``flask staff create`` use
it, so a school is written the same way in every file.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.imports.csv_file import RowError
from bot.text.fold import fold
from models import School

GENERIC = re.compile(r"\b(elementary|middle|high|school|k ?8|academy|jr|the)\b")


def normalized(value: str) -> str:
    """"H.W. Harkness Elementary School" -> "hwharkness"."""
    text = re.sub(r"[^\w]+", " ", fold(value))
    return re.sub(r"\s+", "", GENERIC.sub(" ", text))


class SchoolMatcher:
    def __init__(self, session: Session):
        self.schools = list(session.scalars(select(School).order_by(School.code)))

    def names(self, school: School) -> list[str]:
        return [school.code, school.name, *(school.aliases or [])]

    def find(self, value: str) -> School:
        key = (value or "").strip().lower()
        if not key:
            raise RowError("school is empty")
        exact = [s for s in self.schools if key in {n.strip().lower() for n in self.names(s)}]
        if len(exact) == 1:
            return exact[0]
        close = exact or [s for s in self.schools
                          if normalized(value) in {normalized(n) for n in self.names(s)}
                          and normalized(value)]
        if len(close) == 1:
            return close[0]
        if len(close) > 1:
            both = " and ".join(f"{s.name} ({s.code})" for s in close[:3])
            raise RowError(f"school {value!r} could be {both}: use the code")
        raise RowError(f"unknown school {value!r}")
