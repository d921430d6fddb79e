"""action_handoff: the family asked for a person. The conversation goes to staff; the bot says
so once and then stays quiet (the pipeline stops routing a waiting conversation to Rasa)."""

from __future__ import annotations

from rasa_sdk import Action

from bot.actions.family import database, load_family, say
from bot.conversations import PRIORITY_NORMAL, hand_off


class Handoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher, tracker, domain):
        with database().session() as session:
            family = load_family(session, tracker)
            if family.conversation is not None:
                hand_off(family.conversation, "asked_for_person", PRIORITY_NORMAL)
            say(dispatcher, "handoff", school=family.school_name)
        return []
