"""An invitation goes out, the family answers in Spanish with a headcount and a childcare
request, the RSVP is recorded against that event, and the reminder the day before states it —
through the signed Twilio webhook, the real Rasa, the action server and the database."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.messages.render import render
from bot.outreach.invitations import queue_invitations, queue_reminders
from models import Event, EventTitle, OutboxMessage, Rsvp
from tests.integration.helpers import Family

pytestmark = pytest.mark.rasa
LA = ZoneInfo("America/Los_Angeles")


def test_invitation_answer_and_reminder_in_spanish(live_app):
    family = Family(live_app, language="es")
    db = live_app.extensions["db"]
    today = datetime.now(LA).date()
    starts = datetime.combine(today + timedelta(days=14), time(17, 30), LA)
    with db.session() as s:
        event = Event(code="night", school_id=family.school_id, title="Family Night",
                      starts_at=starts.astimezone(UTC), place="Biblioteca", meal="dinner",
                      childcare=True, invite_days_before=14)
        s.add(event)
        s.flush()
        s.add(EventTitle(event_id=event.id, language="es", text="Noche Familiar"))
        event_id = event.id
    with db.session() as s:
        assert queue_invitations(s, datetime.now(UTC)).queued == 1
        invitation = s.scalar(select(OutboxMessage).where(OutboxMessage.kind == "invitation"))
        assert "Noche Familiar" in invitation.body and invitation.language == "es"
    replies = family.says("sí vamos, somos 2 adultos y 3 niños, necesitamos cuidado de niños")
    with db.session() as s:
        rsvp = s.scalar(select(Rsvp).where(Rsvp.event_id == event_id))
        assert (rsvp.answer, rsvp.adults, rsvp.children, rsvp.needs_childcare) == (
            "yes", 2, 3, True)
    assert any("Noche Familiar" in r for r in replies)
    day_before = datetime.combine(starts.date() - timedelta(days=1), time(15, 10), LA)
    with db.session() as s:
        assert queue_reminders(s, day_before.astimezone(UTC)).queued == 1
        reminder = s.scalar(select(OutboxMessage).where(OutboxMessage.kind == "reminder"))
    assert reminder.body.startswith(render({"template": "reminder", "vars": {
        "event": "Noche Familiar", "date": {"date": starts.date().isoformat()},
        "time": {"time": "17:30"}, "adults": 2, "children": 3}}, "es"))
    assert render({"template": "reminder_childcare"}, "es") in reminder.body
