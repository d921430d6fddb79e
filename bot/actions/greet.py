"""Small talk: greet (with the guardian's name and school), help, thanks."""

from __future__ import annotations

from rasa_sdk import Action

from bot.actions.family import database, load_family, say


class Greet(Action):
    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher, tracker, domain):
        with database().session() as session:
            family = load_family(session, tracker)
            name = family.guardian.name.split()[0] if family.guardian else ""
            say(dispatcher, "greet", name=name, school=family.school_name)
        return []


class Help(Action):
    def name(self) -> str:
        return "action_help"

    async def run(self, dispatcher, tracker, domain):
        with database().session() as session:
            say(dispatcher, "help", school=load_family(session, tracker).school_name)
        return []


class Thanks(Action):
    def name(self) -> str:
        return "action_thanks"

    async def run(self, dispatcher, tracker, domain):
        say(dispatcher, "thanks")
        return []
