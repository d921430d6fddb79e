"""action_opt_out / action_opt_in: "please stop texting me" in a sentence (the pipeline already
handled the bare keywords by rule). Every guardian on the phone is opted out (or back in),
exactly as with STOP / START, and the confirmation says how to undo it."""

from __future__ import annotations

from rasa_sdk import Action

from bot.actions.family import database, load_family, say
from models.base import utcnow


class OptOut(Action):
    def name(self) -> str:
        return "action_opt_out"

    async def run(self, dispatcher, tracker, domain):
        with database().session() as session:
            for guardian in load_family(session, tracker).guardians:
                guardian.opted_out, guardian.opted_out_at = True, utcnow()
        say(dispatcher, "stop_confirm")
        return []


class OptIn(Action):
    def name(self) -> str:
        return "action_opt_in"

    async def run(self, dispatcher, tracker, domain):
        with database().session() as session:
            for guardian in load_family(session, tracker).guardians:
                guardian.opted_out, guardian.opted_out_at = False, None
        say(dispatcher, "start_confirm")
        return []
