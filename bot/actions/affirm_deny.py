"""action_affirm_deny: a yes/no outside any question. Right after an invitation it is the RSVP
(bot.actions.rsvp.answer_in_context); right after the offer of wake-up texts, the answer to it
(bot.actions.outreach_answers), whichever came last. A "no" that names another child right
after an absence report is a correction ("no, it's Jose, not Maria"): the report moves to the
right child and the bot confirms again. Anything else is acknowledged."""

from __future__ import annotations

from rasa_sdk import Action

from bot.actions.absence_record import record, withdraw_for_correction
from bot.actions.family import database, latest_text, load_family, say
from bot.actions.outreach_answers import answer_nudge_offer
from bot.actions.rsvp import answer_in_context
from bot.text.children import match_children


class AffirmDeny(Action):
    def name(self) -> str:
        return "action_affirm_deny"

    async def run(self, dispatcher, tracker, domain):
        with database().session() as session:
            family = load_family(session, tracker)
            if answer_nudge_offer(dispatcher, tracker, session, family) or \
                    answer_in_context(dispatcher, tracker, session, family):
                return []
            if tracker.get_intent_of_latest_message() == "deny" and self._correct(
                    dispatcher, session, family, latest_text(tracker)):
                return []
            say(dispatcher, "ok")
        return []

    def _correct(self, dispatcher, session, family, text) -> bool:
        named = match_children(text, family.children, language=family.language)
        fix = withdraw_for_correction(session, family, named)
        if fix is None:
            return False
        record(session, [c.id for c in fix.children], fix.days, fix.kind, fix.reason,
               fix.guardian_id, fix.message_id)
        template = "tardy_recorded" if fix.kind == "tardy" else "absence_recorded"
        say(dispatcher, template, child={"list": [c.first_name for c in fix.children]},
            dates={"dates": [d.isoformat() for d in fix.days]})
        return True
