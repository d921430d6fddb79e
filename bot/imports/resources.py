"""``flask resources import FILE``: the resource directory the bot answers from.

Header ``type,name,phone,address,hours,url,languages,school`` (``type`` and ``name`` required),
plus optional ``description_<lang>`` columns (``description_en``, ``description_es``…): what the
entry offers, in that language. A family reads the entry's name (a proper name), phone, address
or link, and the description in its own language — written by staff, or machine-translated once
from ``description_en`` after the import (bot.district_text) and reviewable by staff; never
another language's words.

- ``type``: one of the fixed resource types (food, transportation, clothing, housing, health,
  mental_health, school_supplies, internet, childcare, other) or home_hospital.
- ``phone``: any common format, or a three-digit line (211, 988).
- ``school``: as any file names it; blank = offered to every school's families.
An entry is found again by its type, school and name: importing again updates it in place.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.imports.csv_file import ImportReport, RowError
from bot.imports.rows import import_rows, set_fields, staff_texts
from bot.imports.school_match import SchoolMatcher, normalized
from bot.messages.languages import CODES
from bot.nlu.labels import RESOURCE_TYPES
from bot.text.phones import InvalidPhone, to_e164
from models import Resource, ResourceDescription

COLUMNS = ["type", "name"]
DIRECTORY_TYPES = (*RESOURCE_TYPES, "home_hospital")  # home/hospital teaching, after an illness
SHORT_LINE = re.compile(r"^\d-?\d-?\d$")  # 2-1-1, 988


def _phone(value: str) -> str | None:
    text = value.strip()
    if not text:
        return None
    if SHORT_LINE.match(text):
        return text.replace("-", "")
    try:
        return to_e164(text)
    except InvalidPhone as exc:
        raise RowError(f"phone {value!r}: {exc}") from None


def _url(value: str) -> str | None:
    text = value.strip()
    if text and not text.lower().startswith(("https://", "http://")):
        raise RowError(f"url {value!r} does not start with https://")
    return text or None


def entry_key(kind: str, school_code: str | None, name: str) -> str:
    return f"{kind}:{school_code or '*'}:{normalized(name)}"[:300]


def _descriptions(resource: Resource, row: dict[str, str]) -> bool:
    """Store the row's description_<lang> columns as staff text; a changed English description
    drops the machine translations made from it. True when anything changed."""
    changed = False
    english = row.get("description_en", "").strip()
    old_english = next((d for d in resource.descriptions if d.language == "en"), None)
    if old_english is not None and english != old_english.text:
        resource.descriptions[:] = [d for d in resource.descriptions if d.origin == "staff"]
        changed = True
    return staff_texts(resource.descriptions, ResourceDescription, row, "description", CODES,
                       500) or changed


def import_resources(session: Session, path: str | Path) -> ImportReport:
    matcher = SchoolMatcher(session)

    def apply(row: dict[str, str]) -> str:
        kind = row["type"].strip().lower().replace(" ", "_")
        if kind not in DIRECTORY_TYPES:
            raise RowError(f"type {row['type']!r} is not one of {', '.join(DIRECTORY_TYPES)}")
        name = row["name"].strip()
        if not name:
            raise RowError("name is empty")
        school = matcher.find(row["school"]) if row.get("school", "").strip() else None
        fields = {
            "resource_type": kind, "name": name[:200], "school_id": school.id if school else None,
            "phone": _phone(row.get("phone", "")), "address": row.get("address", "").strip()
            or None, "url": _url(row.get("url", "")), "hours": row.get("hours", "").strip()[:200],
            "languages": row.get("languages", "").strip()[:200],
        }
        key = entry_key(kind, school.code if school else None, name)
        resource = session.scalar(select(Resource).where(Resource.key == key))
        if resource is None:
            resource = Resource(key=key, **fields)
            session.add(resource)
            _descriptions(resource, row)
            return "created"
        changed = set_fields(resource, fields)
        return "updated" if _descriptions(resource, row) or changed else "unchanged"

    return import_rows(session, path, COLUMNS, apply)
