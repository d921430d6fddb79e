"""STOP by text stops every outbound message to that family until START (outbox included)."""

from sqlalchemy import select

from bot.outbox.enqueue import enqueue
from models import Guardian, OutboxMessage
from tests.conftest import make_family, send_sms


def queue(app, key):
    with app.extensions["db"].session() as s:
        guardian = s.scalar(select(Guardian))
        return enqueue(s, key=key, guardian=guardian, body="Buenos días", kind="nudge").status


def test_stop_suppresses_outbound_until_start(app, client, fake_rasa):
    with app.extensions["db"].session() as s:
        make_family(s, language="es")
    assert queue(app, "nudge:1") == "queued"
    send_sms(client, "PARA")
    assert queue(app, "nudge:2") == "suppressed"
    send_sms(client, "EMPEZAR")
    assert queue(app, "nudge:3") == "queued"
    with app.extensions["db"].session() as s:
        statuses = dict(s.execute(
            select(OutboxMessage.idempotency_key, OutboxMessage.status)).all())
    assert statuses == {"nudge:1": "queued", "nudge:2": "suppressed", "nudge:3": "queued"}
