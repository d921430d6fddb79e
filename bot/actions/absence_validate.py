"""validate_absence_form: read the family's answer to the question the form asked.

A child is matched by name (or by "both"); a day by the date words of the family's language; a
reason by the NLU entity, and any other answer ("prefer not to say") counts as ``unspecified``:
we ask once and never insist. An answer that is clearly something else (asking for a person,
STOP, a resource) is left to its own rule, so the family is never trapped in the form."""

from __future__ import annotations

from rasa_sdk import FormValidationAction

from bot.actions.family import database, entity_values, latest_text, load_family
from bot.children import match_children
from bot.dates import parse_days

DIGRESSIONS = {"talk_to_staff", "opt_out", "change_language", "request_resource", "rsvp",
               "school_info"}


def _digression(tracker) -> bool:
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name") in DIGRESSIONS and intent.get("confidence", 0) >= 0.8


class ValidateAbsenceForm(FormValidationAction):
    def name(self) -> str:
        return "validate_absence_form"

    async def extract_absence_child(self, dispatcher, tracker, domain):
        if tracker.get_slot("requested_slot") != "absence_child" or _digression(tracker):
            return {}
        with database().session() as session:
            family = load_family(session, tracker)
            named = match_children(latest_text(tracker), family.children)
        return {"absence_child": ",".join(str(c.id) for c in named) or None}

    async def extract_absence_days(self, dispatcher, tracker, domain):
        if tracker.get_slot("requested_slot") != "absence_days" or _digression(tracker):
            return {}
        with database().session() as session:
            family = load_family(session, tracker)
            days = parse_days(latest_text(tracker), family.language, family.today(),
                              exclude=tuple(c.first_name for c in family.children))
        return {"absence_days": [d.isoformat() for d in days] or None}

    async def extract_absence_reason(self, dispatcher, tracker, domain):
        if tracker.get_slot("requested_slot") != "absence_reason" or _digression(tracker):
            return {}
        reasons = entity_values(tracker, "absence_reason")
        return {"absence_reason": reasons[0] if reasons else "unspecified"}
