"""The shared turn queue: messages waiting for Rasa's turn, claimed by whichever process is free.

The queue is the ``messages`` table itself: an inbound message whose turn is not done has the
status ``turn_queued`` (bot.inbound). A turn is *claimed* by setting ``turn_claimed_by`` and
``turn_claimed_at`` and counting ``turn_attempts``, in one conditional UPDATE that only one
claimer can win — on PostgreSQL the candidates are read with ``FOR UPDATE SKIP LOCKED`` so
workers never wait on each other; SQLite, the embedded default, serializes writers anyway.

- A web process claims its own message as it stores it (bot.reply_budget), so the family's
  answer can still come in the webhook's reply. When its threads are all busy it leaves the
  message unclaimed and answers Twilio at once: the queue is how the web tier sheds load.
- ``python -m bot.turns`` (the Procfile's ``turns``; as many as needed, on any machine with the
  database) claims the oldest claimable turns and answers them through the outbox.
- A claim lasts LEASE. A process that died mid-turn (web or worker) leaves its claim to expire;
  the turn is then claimed again — once: after MAX_ATTEMPTS claims the family is told its
  message was received and staff get the conversation.
- One conversation's turns are claimed in order: never a message while an earlier one of the
  same conversation still waits for its turn.
- Replies are queued with the message's idempotency keys, so a turn answered twice (a claim
  that expired while its process was only slow) is still texted once.

The clock's ``bot_return`` job also works the queue once a minute, so turns are answered even
where no ``turns`` process runs.
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.orm import Session, aliased

from bot.clients.rasa import RasaUnavailable
from bot.conversations import BOT_UNAVAILABLE, PRIORITY_HIGH, TURN_FAILED, hand_off
from bot.inbound import ANSWERED_LATE, TURN_QUEUED, UNANSWERED, say
from bot.outbox.enqueue import enqueue_reply
from bot.outreach.results import JobResult
from config import Config
from models import Conversation, Message
from models.base import utcnow
from models.db import Database

log = logging.getLogger(__name__)
# Longer than a turn can take (TURN_DEADLINE, 12 s), so a live claim never expires.
LEASE = timedelta(seconds=Config.TURN_LEASE_SECONDS)
MAX_ATTEMPTS = 2  # the first claim and one retry


def worker_name(kind: str) -> str:
    """Who claims: ``web@host:pid`` — shown in the row, for whoever debugs a stuck turn."""
    return f"{kind}@{socket.gethostname()[:40]}:{os.getpid()}"


def _claimable(now: datetime):
    earlier = aliased(Message)
    waiting_before = exists().where(
        earlier.conversation_id == Message.conversation_id, earlier.id < Message.id,
        earlier.status == TURN_QUEUED)
    return and_(Message.status == TURN_QUEUED, Message.direction == "in",
                or_(Message.turn_claimed_at.is_(None), Message.turn_claimed_at < now - LEASE),
                Message.turn_attempts < MAX_ATTEMPTS, ~waiting_before)


def claim_new(message: Message, worker: str, now: datetime | None = None) -> None:
    """Mark a message being stored as queued and claimed by ``worker`` (the caller commits)."""
    message.status = TURN_QUEUED
    message.turn_claimed_by, message.turn_claimed_at = worker, now or utcnow()
    message.turn_attempts = 1


def claim_next(session: Session, worker: str, now: datetime | None = None) -> int | None:
    """Claim the oldest claimable turn; its message id, or None. Commits."""
    now = now or utcnow()
    query = select(Message.id).where(_claimable(now)).order_by(Message.id).limit(1)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=Message)
    message_id = session.scalar(query)
    if message_id is None:
        session.commit()
        return None
    claimed = session.execute(
        update(Message).where(Message.id == message_id, _claimable(now))
        .values(turn_claimed_by=worker, turn_claimed_at=now,
                turn_attempts=Message.turn_attempts + 1)
        .execution_options(synchronize_session=False)).rowcount
    session.commit()
    return message_id if claimed == 1 else None


def give_up_abandoned(session: Session, pipeline, now: datetime | None = None) -> int:
    """Turns claimed MAX_ATTEMPTS times whose last claim expired — something in the turn
    kills its process, or fails every time: the family is told, in its language, that the
    message was received, and staff get the conversation (TURN_FAILED: never retried by the
    bot, so it cannot go round again). Returns how many. Commits."""
    now = now or utcnow()
    abandoned = and_(Message.status == TURN_QUEUED, Message.turn_attempts >= MAX_ATTEMPTS,
                     Message.turn_claimed_at < now - LEASE)
    rows = []
    for message in list(session.scalars(select(Message).where(abandoned).order_by(Message.id))):
        # Several workers may see it: the one whose update changes the row tells the family.
        if session.execute(update(Message).where(Message.id == message.id, abandoned)
                           .values(status=UNANSWERED)
                           .execution_options(synchronize_session=False)).rowcount == 1:
            rows.append(message)
    for message in rows:
        session.refresh(message)
        conv = session.get(Conversation, message.conversation_id)
        hand_off(conv, TURN_FAILED, PRIORITY_HIGH)
        ctx = pipeline.context_for(session, conv, message)
        for index, reply in enumerate(say(session, ctx, [{"template": "received_followup"}],
                                          status="queued")):
            enqueue_reply(session, conv, f"turn-failed:{message.id}:{index}", reply, message)
        log.error("turn for message %s failed %d times: handed to staff", message.id,
                  MAX_ATTEMPTS)
    session.commit()
    return len(rows)


def answer(db: Database, pipeline, message_id: int) -> JobResult:
    """Take the claimed turn of ``message_id``: ask Rasa, send its answer through the outbox.
    If Rasa does not answer, staff get the conversation and the message waits for the bot
    (bot.late_replies), as in the webhook."""
    result = JobResult()
    with db.session() as session:
        message = session.get(Message, message_id)
        conv = session.get(Conversation, message.conversation_id)
        try:
            said = pipeline.answer_late(session, conv, message, status="queued")
        except RasaUnavailable:
            session.rollback()
            hand_off(session.get(Conversation, conv.id), BOT_UNAVAILABLE, PRIORITY_HIGH)
            session.get(Message, message_id).status = UNANSWERED
            session.commit()
            result.skip("the bot is down")
            return result
        conv = session.get(Conversation, conv.id)
        for index, reply in enumerate(said):
            enqueue_reply(session, conv, f"turn-reply:{message_id}:{index}", reply,
                          session.get(Message, message_id))
            result.queued += 1
        session.get(Message, message_id).status = ANSWERED_LATE
    return result


def work(db: Database, pipeline, worker: str, limit: int = 20) -> JobResult:
    """Claim and answer up to ``limit`` turns, oldest first; returns what was done."""
    result = JobResult()
    with db.session() as session:
        given_up = give_up_abandoned(session, pipeline)
    result.skip("failed twice: to staff", given_up)
    for _ in range(limit):
        with db.session() as session:
            message_id = claim_next(session, worker)
        if message_id is None:
            break
        try:
            result.add(answer(db, pipeline, message_id))
        except Exception:
            # The claim stays: another claim after LEASE retries it (MAX_ATTEMPTS in all).
            log.exception("turn for message %s failed", message_id)
            result.skip("failed, retried later")
    return result
