"""Through the real Rasa: a turn that takes longer than REPLY_BUDGET (here a budget no real turn
fits in) answers the webhook with nothing, and the bot's real answer — the absence recorded,
the confirmation in the family's language — follows through the outbox."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.reply_budget import TurnRunner
from models import AbsenceReport, Conversation, Message, OutboxMessage
from tests.integration.helpers import Family

pytestmark = pytest.mark.rasa


def test_a_slow_turn_still_gets_the_real_answer_by_sms(live_app):
    pipeline = live_app.extensions["pipeline"]
    pipeline.turns = TurnRunner(pipeline, budget=0.001)
    try:
        family = Family(live_app, language="es", children=("Sofia",))
        assert family.says("Sofia está enferma hoy, tiene fiebre") == []
        pipeline.turns.wait(60)
    finally:
        pipeline.turns = None
    with live_app.extensions["db"].session() as s:
        report = s.scalar(select(AbsenceReport))
        sms = s.scalars(select(OutboxMessage)).all()
        conv = s.scalar(select(Conversation))
        status = s.scalar(select(Message.status).where(Message.direction == "in"))
    assert (report.student_id, report.reason) == (family.children["Sofia"], "illness")
    assert sms and all(row.kind == "reply" and row.language == "es" for row in sms)
    assert any("Sofia" in row.body for row in sms)
    assert conv.state == "bot" and status == "answered_late"
