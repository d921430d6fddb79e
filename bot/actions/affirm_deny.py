"""action_affirm_deny: a yes/no outside any question. A "no" that names another child right
after an absence report is a correction ("no, it's Jose, not Maria"): the report moves to the
right child and the bot confirms again. Anything else is acknowledged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rasa_sdk import Action
from sqlalchemy import select

from bot.actions.absence_record import record
from bot.actions.family import database, latest_text, load_family, say
from bot.children import match_children
from models import AbsenceReport, Message

CORRECTION_WINDOW = timedelta(hours=2)


def recent_reports(session, family) -> list[AbsenceReport]:
    """The absence reports made in this conversation's latest reporting message, if recent."""
    if family.conversation is None:
        return []
    since = datetime.now(UTC) - CORRECTION_WINDOW
    latest = session.scalar(
        select(AbsenceReport.message_id).join(Message, Message.id == AbsenceReport.message_id)
        .where(Message.conversation_id == family.conversation.id, AbsenceReport.created_at >= since)
        .order_by(AbsenceReport.id.desc())
    )
    if latest is None:
        return []
    return list(session.scalars(select(AbsenceReport).where(AbsenceReport.message_id == latest)))


class AffirmDeny(Action):
    def name(self) -> str:
        return "action_affirm_deny"

    async def run(self, dispatcher, tracker, domain):
        with database().session() as session:
            family = load_family(session, tracker)
            if tracker.get_intent_of_latest_message() == "deny" and self._correct(
                    dispatcher, session, family, latest_text(tracker)):
                return []
            say(dispatcher, "ok")
        return []

    def _correct(self, dispatcher, session, family, text) -> bool:
        reports = recent_reports(session, family)
        if not reports:
            return False
        wrong = {r.student_id for r in reports}
        named = match_children(text, family.children)
        right = [c for c in named if c.id not in wrong]
        if not right:
            return False
        days = sorted({r.day for r in reports})
        first = reports[0]
        for report in reports:
            session.delete(report)
        session.flush()
        record(session, [c.id for c in right], days, first.kind, first.reason,
               first.guardian_id, first.message_id)
        template = "tardy_recorded" if first.kind == "tardy" else "absence_recorded"
        say(dispatcher, template, child={"list": [c.first_name for c in right]},
            dates={"dates": [d.isoformat() for d in days]})
        return True
