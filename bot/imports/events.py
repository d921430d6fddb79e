"""``flask events import FILE``: workshops and family nights.

Header ``code,school,title,starts_at,ends_at,place,meal,childcare,audience,invite_days_before``
(``code``, ``school``, ``title``, ``starts_at`` required), plus optional ``title_<lang>`` columns
(``title_es``…) for titles staff have written themselves.

- ``code``: the district's own id for the event; importing again updates it in place.
- ``school``: as any file names it; blank = district-wide.
- ``starts_at`` / ``ends_at``: ``2026-10-21 17:30``, ``2026-10-21T17:30`` or
  ``10/21/2026 5:30 PM``, in the school's time zone.
- ``meal``: dinner, lunch, snack… or blank; ``childcare``: yes/no.
- ``audience``: ``school`` (every family of the school, the default), ``grade:K-3`` style
  ranges, or ``tier:at_risk+`` (families of students at that tier or worse).
- ``invite_days_before``: days before the event the invitation goes out (default 14).

Titles are written in English. What a family reads is the title in its language: a
``title_<lang>`` column, else a machine translation made once after the import
(bot.district_text) and reviewable by staff. Changing the English title drops the machine
translations, which are made again.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.imports.csv_file import ImportReport, RowError
from bot.imports.rows import import_rows, set_fields, staff_texts
from bot.imports.school_match import SchoolMatcher
from bot.messages.languages import CODES
from config import Config
from models import Event, EventTitle
from models.attendance import TIERS
from models.base import as_utc

COLUMNS = ["code", "school", "title", "starts_at"]
TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y %I:%M %p",
                "%m/%d/%Y %H:%M")
GRADE = r"(?:tk|k|pk|\d{1,2})"
AUDIENCE = re.compile(rf"^(?:school|grade:{GRADE}(?:-{GRADE})?|tier:(?:{'|'.join(TIERS)})\+?)$")
YES, NO = {"yes", "y", "true", "1", "x"}, {"no", "n", "false", "0", ""}
MAX_INVITE_DAYS = 60


def parse_moment(value: str, column: str, timezone: str) -> datetime:
    text = " ".join(value.strip().upper().split())
    for fmt in TIME_FORMATS:
        try:
            local = datetime.strptime(text, fmt).replace(tzinfo=ZoneInfo(timezone))
        except ValueError:
            continue
        return local.astimezone(UTC)  # stored in UTC, like every time in the database
    raise RowError(f"{column} {value!r} is not a date and time like 2026-10-21 17:30")


def parse_audience(value: str) -> str:
    audience = value.strip().lower().replace(" ", "") or "school"
    if not AUDIENCE.match(audience):
        raise RowError(f"audience {value!r} is not school, grade:K-3 or tier:at_risk+")
    return audience


def _yes_no(value: str, column: str) -> bool:
    text = value.strip().lower()
    if text not in YES | NO:
        raise RowError(f"{column} {value!r} is not yes or no")
    return text in YES


def _invite_days(value: str) -> int:
    text = value.strip() or "14"
    if not text.isdigit() or int(text) > MAX_INVITE_DAYS:
        raise RowError(f"invite_days_before {value!r} is not a number of days (0-60)")
    return int(text)


def _staff_titles(event: Event, row: dict[str, str]) -> bool:
    """The row's title_<lang> columns (English is the title itself)."""
    return staff_texts(event.titles, EventTitle, row, "title",
                       tuple(c for c in CODES if c != "en"), 300)


def save_event(session: Session, matcher: SchoolMatcher, row: dict[str, str]
               ) -> tuple[Event, str]:
    """Create or update the event one row describes (a file's row, or the staff page's form:
    the same columns, the same rules); returns it with "created", "updated" or "unchanged".
    Raises RowError, saying why, for anything the row gets wrong."""
    code, title = row.get("code", "").strip(), row.get("title", "").strip()
    if not code:
        raise RowError("code is empty")
    if not title:
        raise RowError("title is empty")
    school = matcher.find(row["school"]) if row.get("school", "").strip() else None
    timezone = school.timezone if school else Config.DISTRICT_TIMEZONE
    starts = parse_moment(row.get("starts_at", ""), "starts_at", timezone)
    ends = parse_moment(row["ends_at"], "ends_at", timezone) \
        if row.get("ends_at", "").strip() else None
    if ends is not None and ends <= starts:
        raise RowError("ends_at is not after starts_at")
    fields = {
        "school_id": school.id if school else None, "title": title[:200], "starts_at": starts,
        "ends_at": ends, "place": row.get("place", "").strip()[:300],
        "meal": row.get("meal", "").strip().lower()[:32],
        "childcare": _yes_no(row.get("childcare", ""), "childcare"),
        "audience": parse_audience(row.get("audience", "")),
        "invite_days_before": _invite_days(row.get("invite_days_before", "")),
    }
    event = session.scalar(select(Event).where(Event.code == code))
    if event is None:
        event = Event(code=code, **fields)
        session.add(event)
        _staff_titles(event, row)
        return event, "created"
    retitled = event.title != fields["title"]
    changed = set_fields(event, _comparable(event, fields))
    if retitled:  # the old machine translations say the old title
        event.titles[:] = [t for t in event.titles if t.origin == "staff"]
    changed = _staff_titles(event, row) or changed
    return event, "updated" if changed else "unchanged"


def import_events(session: Session, path: str | Path) -> ImportReport:
    matcher = SchoolMatcher(session)
    return import_rows(session, path, COLUMNS, lambda row: save_event(session, matcher, row)[1])


def _comparable(event: Event, fields: dict) -> dict:
    """SQLite hands UTC datetimes back without a zone: keep the stored value when the moment is
    the same, so a re-import counts as unchanged."""
    out = dict(fields)
    for name in ("starts_at", "ends_at"):
        old, new = getattr(event, name), fields[name]
        if old is not None and new is not None and as_utc(old) == new:
            out[name] = old
    return out
