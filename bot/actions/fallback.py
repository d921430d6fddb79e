"""Not understood / out of scope. The first time the bot says what it can do; the second time in
a row the conversation goes to a person (the family is never stuck with a bot that can't help).
Right after an invitation, a message with a yes/no word is the RSVP instead, and right after the
offer of wake-up texts, its answer."""

from __future__ import annotations

from rasa_sdk import Action
from rasa_sdk.events import SlotSet, UserUtteranceReverted

from bot.actions.family import database, load_family, say
from bot.actions.outreach_answers import answer_nudge_offer
from bot.actions.rsvp import answer_in_context
from bot.conversations import PRIORITY_NORMAL, hand_off

HANDOFF_AFTER = 2


def _answered_question(dispatcher, tracker) -> bool:
    """"Sorry, we can't come" that the model did not place is still the RSVP it answers; "sí,
    6:30" after the offer of wake-up texts is its answer."""
    with database().session() as session:
        family = load_family(session, tracker)
        return answer_nudge_offer(dispatcher, tracker, session, family) or \
            answer_in_context(dispatcher, tracker, session, family)


def _not_understood(dispatcher, tracker, template: str) -> list:
    if _answered_question(dispatcher, tracker):
        return [SlotSet("fallback_count", 0)]
    count = int(tracker.get_slot("fallback_count") or 0) + 1
    if count < HANDOFF_AFTER:
        say(dispatcher, template)
        return [SlotSet("fallback_count", count)]
    with database().session() as session:
        family = load_family(session, tracker)
        if family.conversation is not None:
            hand_off(family.conversation, "not_understood", PRIORITY_NORMAL)
        say(dispatcher, "handoff", school=family.school_name)
    return [SlotSet("fallback_count", 0)]


class DefaultFallback(Action):
    def name(self) -> str:
        return "action_default_fallback"

    async def run(self, dispatcher, tracker, domain):
        # Revert the user turn so the fallback does not become part of the dialogue history;
        # the counter is set after the revert, or the revert would undo it too.
        return [UserUtteranceReverted(), *_not_understood(dispatcher, tracker, "fallback")]


class OutOfScope(Action):
    def name(self) -> str:
        return "action_out_of_scope"

    async def run(self, dispatcher, tracker, domain):
        return _not_understood(dispatcher, tracker, "out_of_scope")
