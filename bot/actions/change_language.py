"""action_change_language: "en español por favor", "Hmoob" — store the family's language and
confirm in the new language. Without a recognisable language, use the message's own language
when it is confidently detected (a family writing in Hmong to ask for Hmong)."""

from __future__ import annotations

from rasa_sdk import Action

from bot.actions.family import database, entity_values, latest_text, load_family, say
from bot.messages.languages import normalize_language
from bot.nlu.language_detect import detect


class ChangeLanguage(Action):
    def name(self) -> str:
        return "action_change_language"

    async def run(self, dispatcher, tracker, domain):
        named = (normalize_language(v) for v in entity_values(tracker, "language"))
        codes = [c for c in named if c]
        detection = detect(latest_text(tracker))
        code = codes[-1] if codes else (detection.code if detection.confident else None)
        with database().session() as session:
            family = load_family(session, tracker)
            if code is None:
                say(dispatcher, "fallback")
                return []
            for guardian in family.guardians:
                guardian.language = code
            say(dispatcher, "language_changed", language=code)
        return []
