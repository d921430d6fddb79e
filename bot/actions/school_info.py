"""action_school_info: start and end time, address and phone of the family's school."""

from __future__ import annotations

from rasa_sdk import Action

from bot.actions.family import database, load_family, say
from bot.text.phones import display


class SchoolInfo(Action):
    def name(self) -> str:
        return "action_school_info"

    async def run(self, dispatcher, tracker, domain):
        with database().session() as session:
            school = load_family(session, tracker).school
            if school is None:
                say(dispatcher, "fallback")
                return []
            say(dispatcher, "school_info", school=school.name,
                start={"time": school.start_time.strftime("%H:%M")} if school.start_time else "",
                end={"time": school.end_time.strftime("%H:%M")} if school.end_time else "",
                address=school.address or "", phone=display(school.phone))
        return []

