"""action_report_absence_start: pre-fill the absence form from the first message, so the form
asks only what is missing (which child, which day, why). A reason with no day, right after the
clock asked about days missed (bot.actions.outreach_answers), is about those days.

A message that names both a child just reported and another child ("no, it's Jose, not Maria")
is a correction: the recent report is withdrawn and the form is filled with the right child and
the same days and reason, so it records and confirms at once."""

from __future__ import annotations

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from bot.actions.absence_record import recent_reports, withdraw_for_correction
from bot.actions.family import database, entity_values, latest_text, load_family
from bot.actions.outreach_answers import followup_days
from bot.text.children import match_children
from bot.text.dates import parse_days
from bot.text.words import says_late


class StartAbsenceReport(Action):
    def name(self) -> str:
        return "action_report_absence_start"

    async def run(self, dispatcher, tracker, domain):
        text = latest_text(tracker)
        with database().session() as session:
            family = load_family(session, tracker)
            # "late" words make a late arrival whatever the model said ("doctor at 9, he'll be
            # late" reads much like an absence).
            tardy = tracker.get_intent_of_latest_message() == "report_tardy" or says_late(
                text, family.language)
            kind = "tardy" if tardy else "absence"
            named = match_children(text, family.children, language=family.language)
            if not named and len(family.children) == 1:
                named = family.children
            days = parse_days(text, family.language, family.today(),
                              exclude=tuple(c.first_name for c in family.children))
            if not days and kind == "tardy":
                days = [family.today()]  # "running late" means today
            asked = followup_days(session, family, named) if not days and kind == "absence" \
                else None
            if asked:  # the reply to "we missed Sofía on Monday and Tuesday, is all OK?"
                named, days = asked
            correction = _correction(session, family, named)
            if correction:
                return correction
        reasons = entity_values(tracker, "absence_reason")
        return [
            SlotSet("absence_kind", kind),
            SlotSet("absence_child", ",".join(str(c.id) for c in named) or None),
            SlotSet("absence_days", [d.isoformat() for d in days] or None),
            SlotSet("absence_reason", reasons[0] if reasons else None),
            SlotSet("absence_child_asked", None), SlotSet("absence_days_asked", None),
        ]


def _correction(session, family, named) -> list | None:
    # Only when the message also names the reported child: "Jose is sick too" is a new report.
    reported = {r.student_id for r in recent_reports(session, family)}
    if not any(c.id in reported for c in named):
        return None
    fix = withdraw_for_correction(session, family, named)
    if fix is None:
        return None
    return [
        SlotSet("absence_kind", fix.kind),
        SlotSet("absence_child", ",".join(str(c.id) for c in fix.children)),
        SlotSet("absence_days", [d.isoformat() for d in fix.days]),
        SlotSet("absence_reason", fix.reason),
    ]
