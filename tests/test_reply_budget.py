"""REPLY_BUDGET: the webhook waits only so long for Rasa's turn; past it, it answers with empty
TwiML and the bot's real answer follows by SMS through the outbox, never a hand-off to staff
because the machine was busy. A turn a dead worker left is taken again by the clock."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.clients.rasa import RasaUnavailable
from bot.messages.render import render
from config import TestConfig
from models import Conversation, Message, OutboxMessage
from models.base import utcnow
from models.migrate import upgrade
from scheduler import jobs
from tests.factories import TWILIO_TOKEN, FakeRasa, make_family, make_school, send_sms
from tests.integration.helpers import texts
from webhook import create_app

ANSWER = [{"template": "absence_recorded", "vars": {"child": {"list": ["Sofía"]},
                                                   "dates": {"dates": ["2026-12-03"]}}}]


class SlowRasa(FakeRasa):
    """Takes the turn only when the test lets it (``go``): a busy Rasa, without sleeping."""

    def __init__(self, acts, fail=False):
        super().__init__(acts)
        self.go, self.fail = threading.Event(), fail

    def send(self, sender, text, metadata, timeout=None):
        assert self.go.wait(30)
        if self.fail:
            raise RasaUnavailable("down")
        return super().send(sender, text, metadata, timeout)


@pytest.fixture
def budget_app(tmp_path):
    url = f"sqlite:///{tmp_path / 'budget.db'}"  # a file: the worker thread has its own
    upgrade(url)                                  # connection, as in production
    app = create_app(TestConfig, DATABASE_URL=url, REPLY_BUDGET=0.2,
                     TWILIO_AUTH_TOKEN=TWILIO_TOKEN)
    with app.extensions["db"].session() as s:
        make_family(s, school=make_school(s), language="es")
    yield app
    app.extensions["db"].dispose()


def rows(app, model):
    with app.extensions["db"].session() as s:
        return s.scalars(select(model).order_by(model.id)).all()


def test_a_quick_turn_answers_in_the_webhook(budget_app):
    budget_app.extensions["pipeline"].rasa = FakeRasa(ANSWER)
    reply = texts(send_sms(budget_app.test_client(), "Sofía está enferma"))
    assert reply == [render(ANSWER[0], "es")]
    assert rows(budget_app, OutboxMessage) == []
    assert [m.status for m in rows(budget_app, Message) if m.direction == "in"] == ["received"]


def test_a_slow_turn_answers_by_sms_when_ready(budget_app):
    rasa = budget_app.extensions["pipeline"].rasa = SlowRasa(ANSWER)
    assert texts(send_sms(budget_app.test_client(), "Sofía está enferma")) == []
    rasa.go.set()
    budget_app.extensions["pipeline"].turns.wait(30)
    [sms] = rows(budget_app, OutboxMessage)
    assert (sms.kind, sms.body, sms.language) == ("reply", render(ANSWER[0], "es"), "es")
    [conv] = rows(budget_app, Conversation)
    assert conv.state == "bot"  # not handed to staff for being slow
    assert [m.status for m in rows(budget_app, Message) if m.direction == "in"] == [
        "answered_late"]


def test_rasa_down_after_the_budget_still_tells_the_family(budget_app):
    rasa = budget_app.extensions["pipeline"].rasa = SlowRasa(ANSWER, fail=True)
    assert texts(send_sms(budget_app.test_client(), "Sofía está enferma")) == []
    rasa.go.set()
    budget_app.extensions["pipeline"].turns.wait(30)
    [sms] = rows(budget_app, OutboxMessage)
    assert sms.body == render({"template": "received_followup"}, "es")
    [conv] = rows(budget_app, Conversation)
    assert (conv.state, conv.handoff_reason) == ("waiting", "bot_unavailable")
    assert [m.status for m in rows(budget_app, Message) if m.direction == "in"] == [
        "unanswered"]


def test_a_turn_left_by_a_dead_worker_is_taken_again_once(budget_app):
    pipeline = budget_app.extensions["pipeline"]
    pipeline.rasa = FakeRasa(ANSWER)
    pipeline.turns = None  # store the message only, as a worker killed mid-turn leaves it
    send_sms(budget_app.test_client(), "Sofía está enferma")
    with budget_app.extensions["db"].session() as s:
        message = s.scalar(select(Message).where(Message.direction == "in"))
        message.status, message.created_at = "turn_queued", utcnow() - timedelta(minutes=5)
        s.execute(OutboxMessage.__table__.delete())
    pipeline.rasa.sent.clear()
    result = jobs.bot_return(db=budget_app.extensions["db"], pipeline=pipeline)
    assert result.queued == 1 and len(pipeline.rasa.sent) == 1
    assert jobs.bot_return(db=budget_app.extensions["db"], pipeline=pipeline).queued == 0
    [sms] = rows(budget_app, OutboxMessage)
    assert sms.body == render(ANSWER[0], "es")


def test_the_simulator_waits_and_never_texts_the_family(budget_app):
    from admin.simulator import simulate

    pipeline = budget_app.extensions["pipeline"]
    rasa = pipeline.rasa = SlowRasa(ANSWER)
    rasa.go.set()  # however long the turn, the simulator shows its answer
    reply = simulate(pipeline, "+19165550101", "Sofía está enferma")
    assert reply.texts == [render(ANSWER[0], "es")]
    assert rows(budget_app, OutboxMessage) == []


def test_a_late_answer_to_a_simulated_message_is_not_sent(budget_app):
    from bot.inbound import Inbound

    pipeline = budget_app.extensions["pipeline"]
    rasa = pipeline.rasa = SlowRasa(ANSWER)
    pipeline.handle(Inbound("sms", "+19165550101", "Sofía está enferma", provider_id="sim:x"))
    rasa.go.set()
    pipeline.turns.wait(30)
    assert rows(budget_app, OutboxMessage) == []
    assert [m.status for m in rows(budget_app, Message) if m.direction == "out"] == ["sent"]
