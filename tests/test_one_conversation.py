"""One conversation per phone, enforced by the database: concurrent webhooks from one new
number (or twenty Twilio retries of one MessageSid arriving at once) open one conversation,
store each message once and answer once; a duplicate leaves nothing behind. On a SQLite file
(several connections, as in production) and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from bot.inbound import Inbound, Pipeline
from bot.messages.render import render
from models import Conversation, Message
from tests.factories import FakeRasa, make_family

COPIES = 20
NEW_NUMBER = "+19165550142"


@pytest.fixture
def db(concurrent_db):
    return concurrent_db


def _at_once(pipeline: Pipeline, inbounds: list[Inbound]):
    barrier = threading.Barrier(len(inbounds))

    def send(inbound):
        barrier.wait()
        return pipeline.handle(inbound)

    with ThreadPoolExecutor(len(inbounds)) as pool:
        return list(pool.map(send, inbounds))


def _count(db, *where):
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(where[0]).where(*where[1:]))


def test_twenty_retries_of_one_message_store_it_once_and_answer_once(db):
    pipeline = Pipeline(db, FakeRasa())
    replies = _at_once(pipeline, [Inbound("sms", NEW_NUMBER, "hola", provider_id="SMsame")
                                  for _ in range(COPIES)])
    assert sum(not r.duplicate for r in replies) == 1
    assert [r.texts for r in replies if r.texts] == [[render({"template": "unknown_number"},
                                                             "es")]]
    assert _count(db, Conversation) == 1
    assert _count(db, Message, Message.direction == "in") == 1


def test_twenty_messages_from_one_new_number_open_one_conversation(db):
    pipeline = Pipeline(db, FakeRasa())
    replies = _at_once(pipeline, [Inbound("sms", NEW_NUMBER, f"hello {i}",
                                          provider_id=f"SM{i:04d}") for i in range(COPIES)])
    assert _count(db, Conversation) == 1
    assert _count(db, Message, Message.direction == "in") == COPIES
    assert sum(bool(r.texts) for r in replies) == 1  # "we do not have this number" once


def test_a_known_family_texting_fast_stays_in_one_conversation(db):
    with db.session() as s:
        make_family(s, phone="+19165550143")
    rasa = FakeRasa()
    replies = _at_once(Pipeline(db, rasa), [Inbound("sms", "+19165550143", f"mensaje {i}",
                                                    provider_id=f"SMk{i}") for i in range(8)])
    assert all(r.texts for r in replies)
    assert _count(db, Conversation) == 1
    assert len({sent["metadata"]["conversation_id"] for sent in rasa.sent}) == 1


def test_a_late_retry_after_the_conversation_closed_leaves_nothing_behind(db):
    pipeline = Pipeline(db, FakeRasa())
    first = pipeline.handle(Inbound("sms", NEW_NUMBER, "hola", provider_id="SMlate"))
    with db.session() as s:
        s.get(Conversation, first.conversation_id).state = "closed"
    again = pipeline.handle(Inbound("sms", NEW_NUMBER, "hola", provider_id="SMlate"))
    assert again.duplicate and again.texts == []
    assert _count(db, Conversation) == 1


def test_the_database_refuses_a_second_open_conversation(db):
    from sqlalchemy.exc import IntegrityError

    with db.session() as s:
        s.add(Conversation(phone=NEW_NUMBER, channel="sms", state="bot"))
    with pytest.raises(IntegrityError), db.session() as s:
        s.add(Conversation(phone=NEW_NUMBER, channel="sms", state="waiting"))
    with db.session() as s:  # a closed one, or another channel, is fine
        s.add(Conversation(phone=NEW_NUMBER, channel="sms", state="closed"))
        s.add(Conversation(phone=NEW_NUMBER, channel="whatsapp", state="bot"))
