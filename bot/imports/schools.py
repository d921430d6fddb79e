"""``flask schools import FILE``: the district's schools.

Header ``code,name,aliases,timezone,start_time,phone,address`` (``code`` and ``name`` required;
an ``end_time`` column is read too; other extra columns are ignored). ``aliases`` is
``|``-separated: the other names the district's files use ("Bret Harte|BHES"). ``timezone``
defaults to DISTRICT_TIMEZONE; ``start_time`` and ``end_time`` are HH:MM (24 h, or 8:00 AM).
A school is found again by its code: an updated file updates it in place.
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.imports.csv_file import ImportReport, RowError
from bot.imports.rows import import_rows, set_fields
from bot.text.phones import InvalidPhone, to_e164
from config import Config
from models import School

COLUMNS = ["code", "name"]


def parse_clock(value: str, column: str) -> time | None:
    text = value.strip().upper().replace(".", "")
    if not text:
        return None
    for fmt in ("%H:%M", "%I:%M %p", "%I:%M%p", "%I %p"):
        try:
            return datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    raise RowError(f"{column} {value!r} is not a time like 08:00 or 8:00 AM")


def _timezone(value: str) -> str:
    name = value.strip() or Config.DISTRICT_TIMEZONE
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise RowError(f"timezone {value!r} is not a time zone like America/Los_Angeles") from None
    return name


def _phone(value: str) -> str | None:
    if not value.strip():
        return None
    try:
        return to_e164(value)
    except InvalidPhone as exc:
        raise RowError(f"phone {value!r}: {exc}") from None


def import_schools(session: Session, path: str | Path) -> ImportReport:
    def apply(row: dict[str, str]) -> str:
        code, name = row["code"].strip(), row["name"].strip()
        if not code:
            raise RowError("code is empty")
        if not name:
            raise RowError("name is empty")
        fields = {
            "name": name,
            "aliases": [a.strip() for a in row.get("aliases", "").split("|") if a.strip()],
            "timezone": _timezone(row.get("timezone", "")),
            "start_time": parse_clock(row.get("start_time", ""), "start_time"),
            "end_time": parse_clock(row.get("end_time", ""), "end_time"),
            "phone": _phone(row.get("phone", "")),
            "address": row.get("address", "").strip() or None,
        }
        other = session.scalar(select(School).where(School.name == name, School.code != code))
        if other is not None:
            raise RowError(f"name {name!r} is already school {other.code}")
        school = session.scalar(select(School).where(School.code == code))
        if school is None:
            session.add(School(code=code, **fields))
            return "created"
        return "updated" if set_fields(school, fields) else "unchanged"

    return import_rows(session, path, COLUMNS, apply)
