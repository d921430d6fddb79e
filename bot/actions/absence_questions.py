"""The absence form's three questions (action_ask_<slot>): which child, which day, why."""

from __future__ import annotations

from rasa_sdk import Action

from bot.actions.family import database, load_family, say


def _child_names(tracker, family) -> str:
    ids = {int(i) for i in (tracker.get_slot("absence_child") or "").split(",") if i}
    names = [c.first_name for c in family.children if c.id in ids]
    return ", ".join(names) or (family.children[0].first_name if family.children else "")


class AskAbsenceChild(Action):
    def name(self) -> str:
        return "action_ask_absence_child"

    async def run(self, dispatcher, tracker, domain):
        with database().session() as session:
            family = load_family(session, tracker)
            say(dispatcher, "ask_child", children={"list": [c.first_name for c in family.children]})
        return []


class AskAbsenceDays(Action):
    def name(self) -> str:
        return "action_ask_absence_days"

    async def run(self, dispatcher, tracker, domain):
        template = "ask_days_tardy" if tracker.get_slot("absence_kind") == "tardy" else "ask_days"
        with database().session() as session:
            family = load_family(session, tracker)
            say(dispatcher, template, child=_child_names(tracker, family))
        return []


class AskAbsenceReason(Action):
    def name(self) -> str:
        return "action_ask_absence_reason"

    async def run(self, dispatcher, tracker, domain):
        say(dispatcher, "ask_reason")
        return []
