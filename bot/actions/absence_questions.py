"""The absence form's three questions (action_ask_<slot>): which child, which day, why.

A question is never asked twice in a row: after one answer the bot could not read, "which
child?" becomes numbered choices ("1 Lina, 2 Yousef") and "which day?" a plainer example; after
a second miss the conversation goes to a person, who sees both answers. The reason is asked
once: any answer counts (a family may prefer not to say).
"""

from __future__ import annotations

from rasa_sdk import Action
from rasa_sdk.events import ActiveLoop, SlotSet

from bot.actions.family import database, load_family, say
from bot.conversations import PRIORITY_NORMAL, hand_off

ASKED = {"absence_child": "absence_child_asked", "absence_days": "absence_days_asked"}
MAX_ASKS = 2  # the question, then its plainer form; a third miss goes to a person


def _child_names(tracker, family) -> str:
    ids = {int(i) for i in (tracker.get_slot("absence_child") or "").split(",") if i}
    names = [c.first_name for c in family.children if c.id in ids]
    return ", ".join(names) or (family.children[0].first_name if family.children else "")


def asked(tracker, slot: str) -> int:
    return int(tracker.get_slot(ASKED[slot]) or 0)


def give_up(dispatcher, family) -> list:
    """Two answers the bot could not read: a person takes over, and the form ends without
    recording anything (action_record_absence records nothing without a child and a day)."""
    if family.conversation is not None:
        hand_off(family.conversation, "not_understood", PRIORITY_NORMAL)
    say(dispatcher, "handoff", school=family.school_name)
    return [SlotSet("absence_child", None), SlotSet("absence_days", None),
            ActiveLoop(None), SlotSet("requested_slot", None)]


class AskAbsenceChild(Action):
    def name(self) -> str:
        return "action_ask_absence_child"

    async def run(self, dispatcher, tracker, domain):
        times = asked(tracker, "absence_child")
        with database().session() as session:
            family = load_family(session, tracker)
            if times >= MAX_ASKS:
                return give_up(dispatcher, family)
            names = [c.first_name for c in family.children]
            if times == 0:
                say(dispatcher, "ask_child", children={"list": names})
            else:
                choices = [f"{i} {name}" for i, name in enumerate(names, start=1)]
                say(dispatcher, "ask_child_numbered", choices={"list": choices})
        return [SlotSet(ASKED["absence_child"], times + 1)]


class AskAbsenceDays(Action):
    def name(self) -> str:
        return "action_ask_absence_days"

    async def run(self, dispatcher, tracker, domain):
        times = asked(tracker, "absence_days")
        with database().session() as session:
            family = load_family(session, tracker)
            if times >= MAX_ASKS:
                return give_up(dispatcher, family)
            if times == 0:
                tardy = tracker.get_slot("absence_kind") == "tardy"
                say(dispatcher, "ask_days_tardy" if tardy else "ask_days",
                    child=_child_names(tracker, family))
            else:
                say(dispatcher, "ask_days_again")
        return [SlotSet(ASKED["absence_days"], times + 1)]


class AskAbsenceReason(Action):
    def name(self) -> str:
        return "action_ask_absence_reason"

    async def run(self, dispatcher, tracker, domain):
        say(dispatcher, "ask_reason")
        return []
