"""The shared turn queue (bot.turn_queue) with several claimers at once: every waiting turn is
claimed exactly once, one conversation's turns in their order, never two of one conversation
at the same time. On a SQLite file (several connections, as in production) and, with
TEST_DATABASE_URL, on PostgreSQL (FOR UPDATE SKIP LOCKED)."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.turn_queue import LEASE, claim_next
from models import Conversation, Message
from models.base import utcnow
from models.db import Database

CONVERSATIONS, PER_CONVERSATION, CLAIMERS = 12, 4, 4


@pytest.fixture
def db(concurrent_db):
    return concurrent_db


def _queue(db: Database) -> None:
    with db.session() as s:
        convs = [Conversation(phone=f"+1916555{n:04d}", channel="sms", state="bot")
                 for n in range(CONVERSATIONS)]
        s.add_all(convs)
        s.flush()
        for conv in convs:  # a conversation's turns next to each other: the hard case
            for turn in range(PER_CONVERSATION):
                s.add(Message(conversation_id=conv.id, direction="in", body=f"{turn}",
                              status="turn_queued"))


def test_many_claimers_take_each_turn_once_and_each_conversation_in_order(db):
    _queue(db)
    claims: list[tuple[str, int]] = []
    running: dict[int, str] = {}  # conversation -> who is in its turn now
    guard = threading.Lock()
    overlaps = []
    start = threading.Barrier(CLAIMERS)

    def claimer(name: str) -> None:
        start.wait()
        idle = 0
        while idle < 3:
            with db.session() as s:
                message_id = claim_next(s, name)
            if message_id is None:
                idle += 1
                continue
            idle = 0
            with db.session() as s:
                message = s.get(Message, message_id)
                with guard:
                    if message.conversation_id in running:
                        overlaps.append(message_id)
                    running[message.conversation_id] = name
                    claims.append((name, message_id))
                message.status = "received"  # the turn, done
                with guard:
                    running.pop(message.conversation_id, None)

    threads = [threading.Thread(target=claimer, args=(f"w{i}",)) for i in range(CLAIMERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    with db.session() as s:
        messages = s.scalars(select(Message).order_by(Message.id)).all()
        assert [m.status for m in messages] == ["received"] * len(messages)
        assert all(m.turn_attempts == 1 for m in messages)
        order = defaultdict(list)
        for _, message_id in claims:
            order[s.get(Message, message_id).conversation_id].append(message_id)
    ids = [message_id for _, message_id in claims]
    assert len(ids) == CONVERSATIONS * PER_CONVERSATION and len(set(ids)) == len(ids)
    assert all(turns == sorted(turns) for turns in order.values())
    assert overlaps == []
    assert len(Counter(name for name, _ in claims)) > 1  # the work was shared


def test_a_live_claim_is_left_alone_and_an_expired_one_taken_once_more(db):
    _queue(db)
    with db.session() as s:
        first = s.scalar(select(Message).order_by(Message.id))
        first.turn_claimed_by, first.turn_claimed_at, first.turn_attempts = \
            "web@a:1", utcnow(), 1
        first_id, conv_id = first.id, first.conversation_id
    others = []
    while True:  # everything else is taken; nothing of the first conversation
        with db.session() as s:
            taken = claim_next(s, "w")
            if taken is None:
                break
            others.append(s.get(Message, taken).conversation_id)
            s.get(Message, taken).status = "received"
    assert len(others) == (CONVERSATIONS - 1) * PER_CONVERSATION and conv_id not in others
    with db.session() as s:
        s.get(Message, first_id).turn_claimed_at = utcnow() - LEASE - timedelta(seconds=1)
    with db.session() as s:
        assert claim_next(s, "w") == first_id  # the oldest, once its claim expired
        row = s.get(Message, first_id)
        assert (row.turn_attempts, row.turn_claimed_by) == (2, "w")
        row.turn_claimed_at = utcnow() - LEASE - timedelta(seconds=1)
    with db.session() as s:
        assert claim_next(s, "w") != first_id  # twice is the limit
