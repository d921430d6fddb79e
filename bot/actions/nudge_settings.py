"""action_nudge_settings: "wake me at 6:45" turns the morning reminder on at that time; "stop
the morning texts" turns it off; anything else asks for the time. Every language: the time is
digits, the "off" words are ours."""

from __future__ import annotations

import re
from datetime import time

from rasa_sdk import Action

from bot.actions.family import database, latest_text, load_family, say
from bot.outreach.asks import answered, open_ask
from bot.text.fold import fold
from bot.text.words import contains, table

TIME = re.compile(r"(?<!\d)(\d{1,2})(?:\s*[:.h]\s*(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?!\d)")


def parse_wake_time(text: str) -> time | None:
    """A morning time between 5:00 and 9:59 ("6:45", "6.45", "7am", "7h30"), else None."""
    for m in TIME.finditer(fold(text)):
        hour, minute, meridiem = int(m.group(1)), int(m.group(2) or 0), m.group(3)
        if meridiem and meridiem.startswith("p"):
            continue  # an evening time is not a wake-up time
        if 5 <= hour <= 9 and minute < 60:
            return time(hour, minute)
    return None


class NudgeSettings(Action):
    def name(self) -> str:
        return "action_nudge_settings"

    async def run(self, dispatcher, tracker, domain):
        text = latest_text(tracker)
        wake = parse_wake_time(text)
        with database().session() as session:
            family = load_family(session, tracker)
            offer = open_ask(session, family.phone, "nudge_offer")
            if wake is not None:
                for guardian in family.guardians:
                    guardian.nudge_opt_in, guardian.nudge_time = True, wake
                say(dispatcher, "nudge_set", time={"time": wake.strftime("%H:%M")})
            elif contains(text, table("nudge_off")):
                for guardian in family.guardians:
                    guardian.nudge_opt_in = False
                say(dispatcher, "nudge_off")
            else:
                say(dispatcher, "nudge_ask_time")
                return []
            if offer is not None:
                answered(offer)  # the offer of wake-up texts, if one was open, is answered
        return []
