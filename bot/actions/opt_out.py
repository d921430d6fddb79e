"""action_opt_out / action_opt_in: "please stop texting me" / "you can text me again" in a
sentence (the pipeline handles the bare keywords by rule). Both follow the one rule in
bot.opt_out: the phone opts out or back in, for every guardian on it, and the confirmation says
how to undo it."""

from __future__ import annotations

from rasa_sdk import Action

from bot.actions.family import database, load_family, say
from bot.opt_out import opt_in, opt_out


def _phones(family) -> set[str]:
    phones = {g.phone for g in family.guardians}
    if family.conversation is not None:
        phones.add(family.conversation.phone)
    return phones


class OptOut(Action):
    def name(self) -> str:
        return "action_opt_out"

    async def run(self, dispatcher, tracker, domain):
        with database().session() as session:
            for phone in _phones(load_family(session, tracker)):
                opt_out(session, phone)
        say(dispatcher, "stop_confirm")
        return []


class OptIn(Action):
    def name(self) -> str:
        return "action_opt_in"

    async def run(self, dispatcher, tracker, domain):
        with database().session() as session:
            for phone in _phones(load_family(session, tracker)):
                opt_in(session, phone)
        say(dispatcher, "start_confirm")
        return []
