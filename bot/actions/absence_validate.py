"""validate_absence_form: read the family's answer to the question the form asked.

A child is matched by name (or by "both"); a day by the date words of the family's language; a
reason by the NLU entity (or a need named in answer: "no ride" is transportation), and any other
answer ("prefer not to say") counts as ``unspecified``: we ask once and never insist. An answer
that is clearly something else (asking for a person, STOP, a resource) is left to its own rule,
so the family is never trapped in the form."""

from __future__ import annotations

from rasa_sdk import FormValidationAction

from bot.actions.family import database, entity_values, latest_text, load_family
from bot.nlu.labels import REASON_FOR_NEED
from bot.text.children import match_children
from bot.text.dates import parse_days

DIGRESSIONS = {"talk_to_staff", "opt_out", "change_language", "request_resource", "rsvp",
               "school_info"}


# A bare reason ("because we have no car") is easily read as a request for help or an RSVP;
# asked for the reason, it is the answer.
REASON_LOOKALIKES = {"request_resource", "rsvp"}


def _intent(tracker) -> dict:
    return (tracker.latest_message or {}).get("intent") or {}


def _digression(tracker) -> bool:
    intent = _intent(tracker)
    return intent.get("name") in DIGRESSIONS and intent.get("confidence", 0) >= 0.8


def stated_reason(tracker) -> str | None:
    """The absence reason the latest message states, directly or as a need."""
    reasons = entity_values(tracker, "absence_reason")
    if reasons:
        return reasons[0]
    needs = [REASON_FOR_NEED[n] for n in entity_values(tracker, "resource_type")
             if n in REASON_FOR_NEED]
    return needs[0] if needs else None


class ValidateAbsenceForm(FormValidationAction):
    def name(self) -> str:
        return "validate_absence_form"

    async def extract_absence_child(self, dispatcher, tracker, domain):
        if tracker.get_slot("requested_slot") != "absence_child":
            return {}
        with database().session() as session:
            family = load_family(session, tracker)
            named = match_children(latest_text(tracker), family.children, answering=True,
                                   language=family.language)
        if not named and _digression(tracker):
            return {}
        # A child it names is the answer whatever the model thought ("2", "2 đứa" read as RSVP
        # headcounts).
        return {"absence_child": ",".join(str(c.id) for c in named) or None}

    async def extract_absence_days(self, dispatcher, tracker, domain):
        if tracker.get_slot("requested_slot") != "absence_days":
            return {}
        with database().session() as session:
            family = load_family(session, tracker)
            days = parse_days(latest_text(tracker), family.language, family.today(),
                              exclude=tuple(c.first_name for c in family.children))
        if not days and _digression(tracker):
            return {}
        return {"absence_days": [d.isoformat() for d in days] or None}

    async def extract_absence_reason(self, dispatcher, tracker, domain):
        if tracker.get_slot("requested_slot") != "absence_reason":
            return {}
        reason = stated_reason(tracker)
        if _digression(tracker) and not (reason and _intent(tracker).get("name")
                                         in REASON_LOOKALIKES):
            return {}
        return {"absence_reason": reason or "unspecified"}
