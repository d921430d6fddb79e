"""action_report_absence_start: pre-fill the absence form from the first message, so the form
asks only what is missing (which child, which day, why)."""

from __future__ import annotations

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from bot.actions.family import database, entity_values, latest_text, load_family
from bot.children import match_children
from bot.dates import parse_days


class StartAbsenceReport(Action):
    def name(self) -> str:
        return "action_report_absence_start"

    async def run(self, dispatcher, tracker, domain):
        kind = "tardy" if tracker.get_intent_of_latest_message() == "report_tardy" else "absence"
        text = latest_text(tracker)
        with database().session() as session:
            family = load_family(session, tracker)
            named = match_children(text, family.children)
            if not named and len(family.children) == 1:
                named = family.children
            days = parse_days(text, family.language, family.today(),
                              exclude=tuple(c.first_name for c in family.children))
            if not days and kind == "tardy":
                days = [family.today()]  # "running late" means today
        reasons = entity_values(tracker, "absence_reason")
        return [
            SlotSet("absence_kind", kind),
            SlotSet("absence_child", ",".join(str(c.id) for c in named) or None),
            SlotSet("absence_days", [d.isoformat() for d in days] or None),
            SlotSet("absence_reason", reasons[0] if reasons else None),
        ]
