"""action_rsvp: answer the family's most recent open invitation (yes / no / maybe, adults,
children, childcare). A later "actually we can't" updates the same RSVP. With no open
invitation, list the upcoming events at the family's school."""

from __future__ import annotations

from datetime import UTC, datetime

from rasa_sdk import Action
from sqlalchemy import or_, select

from bot.actions.family import database, entity_values, latest_text, load_family, say
from bot.text.rsvp_counts import parse_counts, wants_childcare
from models import Event, Rsvp

UPCOMING_LIMIT = 3


def _open_invitation(session, guardian_ids: list[int]) -> Rsvp | None:
    now = datetime.now(UTC)
    return session.scalar(
        select(Rsvp).join(Event)
        .where(Rsvp.guardian_id.in_(guardian_ids), Event.starts_at >= now)
        .order_by(Rsvp.created_at.desc(), Rsvp.id.desc())
    )


def _event_vars(event: Event) -> dict:
    return {"event": event.title, "date": {"date": event.starts_at.date().isoformat()}}


class RsvpAction(Action):
    def name(self) -> str:
        return "action_rsvp"

    async def run(self, dispatcher, tracker, domain):
        answers = entity_values(tracker, "rsvp")
        answer = answers[0] if answers else "yes"
        text = latest_text(tracker)
        with database().session() as session:
            family = load_family(session, tracker)
            rsvp = _open_invitation(session, [g.id for g in family.guardians])
            if rsvp is None:
                self._list_events(dispatcher, session, family)
                return []
            adults, children = parse_counts(text, family.language)
            rsvp.answer = answer
            if adults is not None:
                rsvp.adults = adults
            if children is not None:
                rsvp.children = children
            if wants_childcare(text, family.language):
                rsvp.needs_childcare = True
            event = rsvp.event
            if answer == "no":
                say(dispatcher, "rsvp_no")
            elif answer == "maybe":
                say(dispatcher, "rsvp_maybe", **_event_vars(event))
            elif rsvp.adults is not None or rsvp.children is not None:
                say(dispatcher, "rsvp_yes_counts", adults=rsvp.adults or 0,
                    children=rsvp.children or 0, **_event_vars(event))
            else:
                say(dispatcher, "rsvp_yes", **_event_vars(event))
            if answer != "no" and rsvp.needs_childcare and event.childcare:
                say(dispatcher, "rsvp_childcare")
        return []

    def _list_events(self, dispatcher, session, family) -> None:
        school = family.school
        events = list(session.scalars(
            select(Event)
            .where(Event.starts_at >= datetime.now(UTC),
                   or_(Event.school_id == (school.id if school else None),
                       Event.school_id.is_(None)))
            .order_by(Event.starts_at).limit(UPCOMING_LIMIT)
        ))
        if not events:
            say(dispatcher, "events_none", school=family.school_name)
            return
        say(dispatcher, "events_upcoming", school=family.school_name,
            events={"events": [{"title": e.title, "date": e.starts_at.date().isoformat()}
                               for e in events]})

