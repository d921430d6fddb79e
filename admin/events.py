"""Events for staff (/admin/events): create, edit and cancel them with the same rules as
``flask events import`` (bot.imports.events.save_event), review and edit the titles families read
in each language, and see who was invited and who said yes, with adults, children and childcare.

School staff manage their schools' events and see district-wide ones (the district manages
those); RSVP lists show only the families of the staff member's schools. Another school's event
is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import abort
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload
from werkzeug.datastructures import MultiDict

from admin.scope import guardians_at, school_ids
from bot.imports.csv_file import RowError
from bot.imports.events import save_event
from bot.imports.school_match import SchoolMatcher
from bot.messages.languages import CODES
from bot.web.ids import parse_id
from config import Config
from models import Event, EventTitle, Guardian, Rsvp, School, StaffUser
from models.base import as_utc, utcnow

FORM_FIELDS = ("code", "school", "title", "starts_at", "ends_at", "place", "meal", "audience",
               "invite_days_before")
RSVP_COLUMNS = ["event", "family", "language", "answer", "adults", "children",
                "needs_childcare", "answered_at"]


@dataclass
class Totals:
    invited: int = 0
    yes: int = 0
    maybe: int = 0
    no: int = 0
    adults: int = 0
    children: int = 0
    childcare: int = 0


def _visible(staff: StaffUser):
    query = select(Event)
    ids = school_ids(staff)
    if ids is not None:
        query = query.where(or_(Event.school_id.in_(ids), Event.school_id.is_(None)))
    return query


def may_edit(staff: StaffUser, event: Event | None) -> bool:
    """District staff edit every event; school staff their schools' (not district-wide)."""
    if staff.role == "district":
        return True
    return event is not None and event.school_id in (school_ids(staff) or [])


def get_event(db: Session, staff: StaffUser, event_id: int) -> Event:
    event = db.scalar(_visible(staff).where(Event.id == event_id)
                      .options(selectinload(Event.titles)))
    if event is None:
        abort(404)
    return event


def _rsvp_query(staff: StaffUser, event_ids):
    query = select(Rsvp).where(Rsvp.event_id.in_(event_ids))
    ids = school_ids(staff)
    if ids is not None:
        query = query.where(Rsvp.guardian_id.in_(guardians_at(ids)))
    return query


def totals(db: Session, staff: StaffUser, event_ids: list[int]) -> dict[int, Totals]:
    found = {event_id: Totals() for event_id in event_ids}
    if not event_ids:
        return found
    sub = _rsvp_query(staff, event_ids).subquery()
    rows = db.execute(select(sub.c.event_id, sub.c.answer, func.count(),
                             func.coalesce(func.sum(sub.c.adults), 0),
                             func.coalesce(func.sum(sub.c.children), 0),
                             func.count().filter(sub.c.needs_childcare.is_(True)))
                      .group_by(sub.c.event_id, sub.c.answer))
    for event_id, answer, count, adults, children, childcare in rows:
        t = found[event_id]
        t.invited += count
        if answer in ("yes", "maybe", "no"):
            setattr(t, answer, getattr(t, answer) + count)
        if answer == "yes":
            t.adults, t.children = t.adults + adults, t.children + children
        if answer in ("yes", "maybe"):
            t.childcare += childcare
    return found


def list_events(db: Session, staff: StaffUser, past: bool = False) -> list[Event]:
    now = utcnow()
    query = _visible(staff).options(selectinload(Event.school))
    query = query.where(Event.starts_at < now) if past else query.where(Event.starts_at >= now)
    return list(db.scalars(query.order_by(Event.starts_at.desc() if past else Event.starts_at)
                           .limit(200)))


def rsvps(db: Session, staff: StaffUser, event: Event) -> list[tuple[Rsvp, Guardian]]:
    query = (_rsvp_query(staff, [event.id]).add_columns(Guardian)
             .join(Guardian, Guardian.id == Rsvp.guardian_id)
             .order_by(Rsvp.answer, Guardian.name))
    return [(rsvp, guardian) for rsvp, guardian in db.execute(query)]


def rsvp_rows(db: Session, staff: StaffUser, event: Event) -> list[list]:
    return [[event.code, guardian.name, guardian.language, rsvp.answer, rsvp.adults or "",
             rsvp.children or "", "yes" if rsvp.needs_childcare else "",
             as_utc(rsvp.created_at).isoformat(timespec="minutes")]
            for rsvp, guardian in rsvps(db, staff, event)]


def _zone(event: Event) -> ZoneInfo:
    return ZoneInfo(event.school.timezone if event.school else Config.DISTRICT_TIMEZONE)


def local_input(event: Event | None, name: str) -> str:
    """A stored time as the form's datetime-local value, in the event's time zone."""
    moment = getattr(event, name, None) if event is not None else None
    if moment is None:
        return ""
    return as_utc(moment).astimezone(_zone(event)).strftime("%Y-%m-%dT%H:%M")


def form_row(form: MultiDict, event: Event | None, db: Session) -> dict[str, str]:
    """The form as an events-file row: the importer's rules apply unchanged."""
    row = {name: form.get(name, "") for name in FORM_FIELDS}
    if event is not None:
        row["code"] = event.code  # the district's id never changes
    school_id = parse_id(row["school"])  # a forged or huge id is no school, never a 500
    school = db.get(School, school_id) if school_id else None
    row["school"] = school.code if school else ""
    row["childcare"] = "yes" if form.get("childcare") else "no"
    current = titles_by_language(event)
    for code in CODES:
        typed = form.get(f"title_{code}", "").strip()
        # Only a title staff changed becomes theirs; an untouched machine one stays machine's.
        if code != "en" and typed and (code not in current or current[code].text != typed):
            row[f"title_{code}"] = typed
    return row


def save(db: Session, staff: StaffUser, form: MultiDict, event: Event | None = None
         ) -> tuple[Event, str]:
    """Create or update from the form; RowError says what is wrong. Staff may only save events
    of their own schools (403 otherwise)."""
    row = form_row(form, event, db)
    if staff.role != "district":
        school = db.scalar(select(School).where(School.code == row["school"])) \
            if row["school"] else None
        if school is None or school.id not in (school_ids(staff) or []):
            raise RowError("pick one of your schools (district-wide events are made by the "
                           "district office)")
    if event is None and db.scalar(select(Event.id).where(Event.code == row["code"].strip())):
        raise RowError(f"an event with code {row['code'].strip()!r} already exists")
    saved, outcome = save_event(db, SchoolMatcher(db), row)
    db.flush()
    reviewed = {code for code in CODES if form.get(f"reviewed_{code}")}
    for title in saved.titles:
        if title.language in reviewed and title.origin == "machine" and not title.reviewed_at:
            title.reviewed_at = utcnow()
            outcome = "updated" if outcome == "unchanged" else outcome
    return saved, outcome


def titles_by_language(event: Event | None) -> dict[str, EventTitle]:
    return {t.language: t for t in (event.titles if event is not None else [])}


def starts_local(event: Event) -> datetime:
    return as_utc(event.starts_at).astimezone(_zone(event))
