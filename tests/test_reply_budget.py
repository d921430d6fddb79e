"""REPLY_BUDGET: the webhook waits only so long for Rasa's turn; past it, it answers with empty
TwiML and the bot's real answer follows by SMS through the outbox, never a hand-off to staff
because the machine was busy. A busy web process leaves turns to the shared queue's workers; a
turn a dead process left is taken again, once, when its claim expires."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.clients.rasa import RasaUnavailable
from bot.messages.render import render
from bot.turn_queue import LEASE, MAX_ATTEMPTS
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
        self.entered = threading.Event()  # a turn is under way

    def send(self, sender, text, metadata, timeout=None):
        self.entered.set()
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


def _left_mid_turn(app, claimed_ago: timedelta, attempts: int = 1) -> None:
    """The message as a web process killed mid-turn leaves it: queued, claimed, unanswered."""
    with app.extensions["db"].session() as s:
        message = s.scalar(select(Message).where(Message.direction == "in"))
        message.status, message.turn_attempts = "turn_queued", attempts
        message.turn_claimed_by, message.turn_claimed_at = "web@gone:1", utcnow() - claimed_ago
        s.execute(OutboxMessage.__table__.delete())


def test_a_turn_left_by_a_dead_worker_is_taken_again_once(budget_app):
    pipeline = budget_app.extensions["pipeline"]
    pipeline.rasa = FakeRasa(ANSWER)
    pipeline.turns = None  # store the message only, as a worker killed mid-turn leaves it
    send_sms(budget_app.test_client(), "Sofía está enferma")
    pipeline.rasa.sent.clear()
    db = budget_app.extensions["db"]

    _left_mid_turn(budget_app, timedelta(seconds=5))  # its claim is alive: not taken
    assert jobs.bot_return(db=db, pipeline=pipeline).queued == 0 and not pipeline.rasa.sent

    _left_mid_turn(budget_app, LEASE + timedelta(seconds=1))  # expired: taken again
    result = jobs.bot_return(db=db, pipeline=pipeline)
    assert result.queued == 1 and len(pipeline.rasa.sent) == 1
    assert jobs.bot_return(db=db, pipeline=pipeline).queued == 0
    [sms] = rows(budget_app, OutboxMessage)
    assert sms.body == render(ANSWER[0], "es")
    [message] = [m for m in rows(budget_app, Message) if m.direction == "in"]
    assert (message.status, message.turn_attempts) == ("answered_late", 2)
    assert message.turn_claimed_by.startswith("clock@")


def test_a_turn_that_failed_twice_goes_to_staff_not_round_and_round(budget_app):
    pipeline = budget_app.extensions["pipeline"]
    pipeline.rasa = FakeRasa(ANSWER)
    pipeline.turns = None
    send_sms(budget_app.test_client(), "Sofía está enferma")
    pipeline.rasa.sent.clear()
    _left_mid_turn(budget_app, LEASE + timedelta(seconds=1), attempts=MAX_ATTEMPTS)
    result = jobs.bot_return(db=budget_app.extensions["db"], pipeline=pipeline)
    assert result.skipped["failed twice: to staff"] == 1 and not pipeline.rasa.sent
    [conv] = rows(budget_app, Conversation)
    assert (conv.state, conv.handoff_reason) == ("waiting", "turn_failed")
    [message] = [m for m in rows(budget_app, Message) if m.direction == "in"]
    assert message.status == "unanswered"
    [sms] = rows(budget_app, OutboxMessage)  # the family knows a person will answer
    assert sms.body == render({"template": "received_followup"}, "es")
    assert jobs.bot_return(db=budget_app.extensions["db"], pipeline=pipeline).queued == 0
    assert not pipeline.rasa.sent  # a person has it: never round again


def test_a_busy_web_process_leaves_the_turn_to_the_queue_workers(budget_app):
    """Every thread busy with a backlog: the webhook answers Twilio at once, the message
    waits unclaimed, and a worker (the `turns` process) answers it through the outbox."""
    from bot.turn_queue import work

    pipeline = budget_app.extensions["pipeline"]
    rasa = pipeline.rasa = SlowRasa(ANSWER)
    turns = pipeline.turns
    turns.threads = 1  # one thread, a backlog of two: the third message is left to the queue
    client = budget_app.test_client()
    with budget_app.extensions["db"].session() as s:
        for n in (2, 3):
            make_family(s, phone=f"+1916555010{n}", guardian_name=f"P{n}", language="es")
    for n in (1, 2, 3):
        assert texts(send_sms(client, "Sofía está enferma", sender=f"+1916555010{n}")) == []
    queued = [m for m in rows(budget_app, Message) if m.direction == "in"]
    assert [m.turn_claimed_by is not None for m in queued] == [True, True, False]
    rasa.go.set()
    turns.wait(30)
    result = work(budget_app.extensions["db"], pipeline, "turns@test:1")
    assert result.queued == 1
    done = [m for m in rows(budget_app, Message) if m.direction == "in"]
    assert [m.status for m in done] == ["answered_late"] * 3
    assert done[2].turn_claimed_by == "turns@test:1"
    assert len(rows(budget_app, OutboxMessage)) == 3  # every family got the bot's answer


def test_the_webhook_waits_only_for_a_turn_that_can_start(budget_app):
    """No thread free: the turn would wait behind the others while holding a request thread
    another family needs, so the webhook answers at once (here the budget is an hour: waiting
    for it would hang the test), and the bot's answer follows by SMS."""
    pipeline = budget_app.extensions["pipeline"]
    rasa = pipeline.rasa = SlowRasa(ANSWER)
    turns = pipeline.turns
    turns.threads, turns.budget = 1, 3600
    with budget_app.extensions["db"].session() as s:
        make_family(s, phone="+19165550102", guardian_name="P2", language="es")
    first: list = []
    waiting = threading.Thread(target=lambda: first.append(texts(send_sms(
        budget_app.test_client(), "Sofía está enferma"))))
    waiting.start()  # the first family's webhook waits for its turn, which Rasa holds
    assert rasa.entered.wait(30)
    assert texts(send_sms(budget_app.test_client(), "Sofía está enferma",
                          sender="+19165550102")) == []
    assert not rasa.go.is_set() and waiting.is_alive()  # answered while the first still waits
    rasa.go.set()
    waiting.join(30)
    turns.wait(30)
    assert first == [[render(ANSWER[0], "es")]]  # the first family's answer came in the TwiML
    [sms] = rows(budget_app, OutboxMessage)      # the second family's by SMS
    assert sms.to == "+19165550102" and sms.body == render(ANSWER[0], "es")


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
