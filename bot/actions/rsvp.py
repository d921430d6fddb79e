"""action_rsvp: answer the family's most recent open invitation (yes / no / maybe, adults,
children, childcare). A later "actually we can't" updates the same RSVP. With no open
invitation: when the school has exactly one event in the next two weeks, ask whether they mean
it; otherwise list the upcoming events. A bare yes/no right after an invitation, whatever the
model made of it, is the RSVP too (``answer_in_context``)."""

from __future__ import annotations

from datetime import UTC, datetime

from rasa_sdk import Action
from sqlalchemy import or_, select

from bot.actions.family import database, latest_text, load_family, say
from bot.events import event_title
from bot.nlu.labels import RSVP_ANSWERS
from bot.outreach.invitations import event_vars, only_upcoming_event
from bot.text.answers import yes_or_no
from bot.text.rsvp_counts import parse_counts, wants_childcare
from models import Event, Rsvp

UPCOMING_LIMIT = 3
SHORT_ANSWER_WORDS = 8  # "sorry, we can't come this time"
SURE_LABEL = 0.9  # above this the model's RSVP label wins over the yes/no words


def open_invitation(session, guardian_ids: list[int]) -> Rsvp | None:
    now = datetime.now(UTC)
    return session.scalar(
        select(Rsvp).join(Event)
        .where(Rsvp.guardian_id.in_(guardian_ids), Event.starts_at >= now,
               Event.cancelled_at.is_(None))
        .order_by(Rsvp.created_at.desc(), Rsvp.id.desc())
    )


def answer_invitation(dispatcher, rsvp: Rsvp, answer: str, text: str, language: str) -> None:
    """Store the family's answer (and any headcounts, childcare) and confirm it."""
    adults, children = parse_counts(text, language)
    rsvp.answer = answer
    if adults is not None:
        rsvp.adults = adults
    if children is not None:
        rsvp.children = children
    if wants_childcare(text, language):
        rsvp.needs_childcare = True
    event = rsvp.event
    if answer == "no":
        say(dispatcher, "rsvp_no")
    elif answer == "maybe":
        say(dispatcher, "rsvp_maybe", **event_vars(event, language))
    elif rsvp.adults is not None or rsvp.children is not None:
        say(dispatcher, "rsvp_yes_counts", adults=rsvp.adults or 0,
            children=rsvp.children or 0, **event_vars(event, language))
    else:
        say(dispatcher, "rsvp_yes", **event_vars(event, language))
    if answer != "no" and rsvp.needs_childcare and event.childcare:
        say(dispatcher, "rsvp_childcare")


def answer_in_context(dispatcher, tracker, session, family) -> bool:
    """A short yes/no (or "sorry, we can't come") right after an invitation is the RSVP, even
    when the model read it as affirm, deny, out of scope or not understood. True when it was
    taken as the answer to a pending invitation."""
    rsvp = open_invitation(session, [g.id for g in family.guardians])
    if rsvp is None or rsvp.answer != "invited":
        return False  # nothing asked, or already answered ("actually we can't" is an rsvp)
    text = latest_text(tracker)
    message = tracker.latest_message or {}
    ranked = [r.get("name") for r in (message.get("intent_ranking") or [])[:3]]
    said_yes_or_no = (message.get("intent") or {}).get("name") in ("affirm", "deny")
    if not (said_yes_or_no or "rsvp" in ranked or len(text.split()) <= SHORT_ANSWER_WORDS):
        return False  # a long message the model could not place is not an RSVP
    answer = stated_answer(tracker, family.language)
    if answer is None:
        return False
    answer_invitation(dispatcher, rsvp, answer, text, family.language)
    return True


def stated_answer(tracker, language: str) -> str | None:
    """The RSVP answer: the model's label, unless it is unsure and the words plainly say the
    opposite ("xin lỗi, nhà em không đi được" read as yes); the words alone without a label."""
    found = [e for e in (tracker.latest_message or {}).get("entities", [])
             if e.get("entity") == "rsvp" and e.get("value") in RSVP_ANSWERS]
    worded = yes_or_no(latest_text(tracker), language)
    if not found:
        return worded
    best = max(found, key=lambda e: float(e.get("confidence_entity") or 0))
    if worded and worded != best["value"] and float(best.get("confidence_entity") or 0) < \
            SURE_LABEL:
        return worded
    return best["value"]


class RsvpAction(Action):
    def name(self) -> str:
        return "action_rsvp"

    async def run(self, dispatcher, tracker, domain):
        with database().session() as session:
            family = load_family(session, tracker)
            rsvp = open_invitation(session, [g.id for g in family.guardians])
            if rsvp is None:
                self._no_invitation(dispatcher, session, family)
                return []
            answer = stated_answer(tracker, family.language) or "yes"
            answer_invitation(dispatcher, rsvp, answer, latest_text(tracker), family.language)
        return []

    def _no_invitation(self, dispatcher, session, family) -> None:
        """No open invitation: if the school has exactly one event in the next two weeks, ask
        whether they mean it (and open its RSVP, so "yes" is recorded); else list them."""
        event = only_upcoming_event(session, family.school, datetime.now(UTC))
        if event is None or not family.guardians:
            self._list_events(dispatcher, session, family)
            return
        for guardian in family.guardians:
            if session.scalar(select(Rsvp.id).where(Rsvp.event_id == event.id,
                                                    Rsvp.guardian_id == guardian.id)) is None:
                session.add(Rsvp(event_id=event.id, guardian_id=guardian.id, answer="invited"))
        say(dispatcher, "rsvp_confirm_event", **event_vars(event, family.language))

    def _list_events(self, dispatcher, session, family) -> None:
        school = family.school
        events = list(session.scalars(
            select(Event)
            .where(Event.starts_at >= datetime.now(UTC), Event.cancelled_at.is_(None),
                   or_(Event.school_id == (school.id if school else None),
                       Event.school_id.is_(None)))
            .order_by(Event.starts_at).limit(UPCOMING_LIMIT)
        ))
        if not events:
            say(dispatcher, "events_none", school=family.school_name)
            return
        say(dispatcher, "events_upcoming", school=family.school_name,
            events={"events": [{"title": event_title(e, family.language),
                                "date": event_vars(e, family.language)["date"]["date"]}
                               for e in events]})

