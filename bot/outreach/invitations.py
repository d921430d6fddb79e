"""Event outreach: invitations, reminders, and the texts a cancellation sends.

- ``queue_invitations(session, now)``: for each event whose invitation day has come
  (``invite_days_before`` days before it, in the school's time zone) and that has not started,
  one text per family — per phone: two guardians or three children on one phone get one — among
  the event's audience (the school's families, a grade range, or students at a tier or worse),
  in the family's language: the invitation, the place, the meal and childcare when there are.
  Each guardian on the phone gets an open RSVP (answer "invited"), so the family's reply is
  recorded against that event. A clock that was down sends the invitation at its next run.
- ``queue_reminders(session, now)``: the day before, to families who said yes or maybe, with the
  headcount they gave and childcare when they asked for it.
- ``cancel_event(session, event, now)``: marks the event cancelled and texts the families who
  said yes or maybe.
Everything is idempotent by key (``invitation:<event>:<phone>``…): running a job twice, late, or
after a crash in the middle never texts a family twice and never skips one.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload

from bot.events import event_title
from bot.messages.render import render
from bot.opt_out import opted_out_phones
from bot.outbox.enqueue import Draft, enqueue, enqueue_many
from bot.outreach.reach import (
    blocked_by,
    families,
    queued_keys,
    why_not_send,
)
from bot.outreach.results import JobResult
from bot.tiers import at_least, latest
from config import Config
from models import Event, Guardian, Rsvp, School, Student
from models.base import as_utc, utcnow

MEALS = {"dinner": "meal_dinner", "supper": "meal_dinner", "lunch": "meal_lunch",
         "breakfast": "meal_breakfast"}
GRADES = {"pk": -2, "prek": -2, "tk": -1, "k": 0, "kn": 0}


def _zone(event: Event) -> ZoneInfo:
    return ZoneInfo(event.school.timezone if event.school else Config.DISTRICT_TIMEZONE)


def _grade(value: str) -> int | None:
    text = (value or "").strip().lower().replace("-", "")
    return GRADES.get(text, int(text) if text.isdigit() else None)


def audience_students(session: Session, event: Event) -> list[Student]:
    """The students whose families the event is for."""
    query = select(Student)
    if event.school_id is not None:
        query = query.where(Student.school_id == event.school_id)
    students = list(session.scalars(query.order_by(Student.id)))
    kind, _, value = (event.audience or "school").partition(":")
    if kind == "grade":
        low, _, high = value.partition("-")
        low_n, high_n = _grade(low), _grade(high or low)
        students = [s for s in students if (g := _grade(s.grade)) is not None
                    and low_n <= g <= high_n]
    elif kind == "tier":
        floor = value.rstrip("+")
        standing = latest(session, [s.id for s in students])
        students = [s for s in students if s.id in standing
                    and (at_least(standing[s.id].tier, floor) if value.endswith("+")
                         else standing[s.id].tier == floor)]
    return students


def event_vars(event: Event, language: str) -> dict:
    """The template variables of an event, in the family's language and the school's time."""
    local = as_utc(event.starts_at).astimezone(_zone(event))
    return {"event": event_title(event, language),
            "school": event.school.name if event.school else "",
            "date": {"date": local.date().isoformat()},
            "time": {"time": local.strftime("%H:%M")}}


def invitation_text(event: Event, language: str) -> str:
    parts = [render({"template": "invitation", "vars": event_vars(event, language)}, language)]
    if event.place:
        parts.append(render({"template": "invitation_place", "vars": {"place": event.place}},
                            language))
    if event.meal:
        parts.append(render({"template": MEALS.get(event.meal, "meal_other")}, language))
    if event.childcare:
        parts.append(render({"template": "invitation_childcare"}, language))
    return " ".join(parts)


def _open_rsvps(session: Session, event: Event, guardians: list[Guardian]) -> None:
    if not guardians:
        return
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect](Rsvp)
    stmt = insert.on_conflict_do_nothing(index_elements=["event_id", "guardian_id"])
    rows = [{"event_id": event.id, "guardian_id": g.id, "answer": "invited",
             "created_at": utcnow()} for g in guardians]
    for start in range(0, len(rows), 1000):
        session.execute(stmt, rows[start:start + 1000])


def _coming_events(session: Session, now: datetime) -> list[Event]:
    """Events not cancelled that have not started yet."""
    return list(session.scalars(select(Event).where(
        Event.cancelled_at.is_(None), Event.starts_at > now)
        .options(selectinload(Event.titles), selectinload(Event.school)).order_by(Event.id)))


def invitation_day(event: Event):
    local = as_utc(event.starts_at).astimezone(_zone(event))
    return local.date() - timedelta(days=event.invite_days_before)


def queue_invitations(session: Session, now: datetime | None = None) -> JobResult:
    now = now or utcnow()
    result = JobResult()
    for event in _coming_events(session, now):
        if now.astimezone(_zone(event)).date() < invitation_day(event):
            continue
        by_phone = families(session, audience_students(session, event))
        keys = {phone: f"invitation:{event.id}:{phone}" for phone in by_phone}
        sent = queued_keys(session, list(keys.values()))
        opted_out = opted_out_phones(session, list(by_phone))
        texts: dict[str, str] = {}  # one rendering per language, not per family
        invited, drafts = [], []
        for phone, guardians in by_phone.items():
            if keys[phone] in sent:
                result.skip("already sent")
                continue
            invited += guardians  # the reply counts even without the text
            reason = blocked_by(guardians, phone in opted_out)
            if reason:
                result.skip(reason)
                continue
            language = guardians[0].language
            if language not in texts:
                texts[language] = invitation_text(event, language)
            drafts.append(Draft(key=keys[phone], guardian=guardians[0], body=texts[language],
                                kind="invitation", language=language))
        _open_rsvps(session, event, invited)
        enqueue_many(session, drafts, now)
        result.queued += len(drafts)
    return result


def queue_reminders(session: Session, now: datetime | None = None) -> JobResult:
    now = now or utcnow()
    result = JobResult()
    for event in _coming_events(session, now):
        local_start = as_utc(event.starts_at).astimezone(_zone(event))
        if now.astimezone(_zone(event)).date() != local_start.date() - timedelta(days=1):
            continue
        rsvps = session.scalars(select(Rsvp).where(Rsvp.event_id == event.id,
                                                   Rsvp.answer.in_(("yes", "maybe")))
                                .options(selectinload(Rsvp.guardian)).order_by(Rsvp.id))
        by_phone: dict[str, list[Rsvp]] = defaultdict(list)
        for rsvp in rsvps:
            by_phone[rsvp.guardian.phone].append(rsvp)
        for phone, answers in by_phone.items():
            key = f"reminder:{event.id}:{phone}"
            guardians = [r.guardian for r in answers]
            reason = why_not_send(session, key, phone, guardians)
            if reason:
                result.skip(reason)
                continue
            rsvp, language = answers[0], guardians[0].language
            text = render({"template": "reminder", "vars": {
                **event_vars(event, language), "adults": rsvp.adults or 1,
                "children": rsvp.children or 0}}, language)
            if rsvp.needs_childcare and event.childcare:
                text += " " + render({"template": "reminder_childcare"}, language)
            enqueue(session, key=key, guardian=guardians[0], kind="reminder", now=now,
                    body=text, language=language)
            result.queued += 1
    return result


def cancel_event(session: Session, event: Event, now: datetime | None = None) -> JobResult:
    """Cancel ``event`` and text the families who said yes or maybe (once)."""
    now = now or utcnow()
    event.cancelled_at = event.cancelled_at or now
    result = JobResult()
    rsvps = session.scalars(select(Rsvp).where(Rsvp.event_id == event.id,
                                               Rsvp.answer.in_(("yes", "maybe")))
                            .options(selectinload(Rsvp.guardian)).order_by(Rsvp.id))
    done: set[str] = set()
    for rsvp in rsvps:
        phone = rsvp.guardian.phone
        if phone in done:
            continue
        done.add(phone)
        key = f"cancelled:{event.id}:{phone}"
        reason = why_not_send(session, key, phone, [rsvp.guardian])
        if reason:
            result.skip(reason)
            continue
        language = rsvp.guardian.language
        enqueue(session, key=key, guardian=rsvp.guardian, kind="event_cancelled", now=now,
                language=language, body=render({"template": "event_cancelled",
                                                "vars": event_vars(event, language)}, language))
        result.queued += 1
    return result


def only_upcoming_event(session: Session, school: School | None, now: datetime,
                        days: int = 14) -> Event | None:
    """The one event of the family's school (or district-wide) in the next ``days`` days, if
    there is exactly one: a family that answers "yes" without an open invitation means it."""
    if school is None:
        return None
    events = list(session.scalars(select(Event).where(
        Event.cancelled_at.is_(None), Event.starts_at > now,
        Event.starts_at <= now + timedelta(days=days),
        (Event.school_id == school.id) | Event.school_id.is_(None)).limit(2)))
    return events[0] if len(events) == 1 else None
