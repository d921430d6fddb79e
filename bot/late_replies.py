"""Back to the bot after an outage: a conversation handed to staff only because Rasa did not
answer goes back to the bot by itself once Rasa answers again — unless staff have touched it
(assigned it, or replied) — and the family's messages the bot never saw are answered then, in
order, the replies sent through the outbox (SMS, WhatsApp) or shown in the web chat.

``return_to_bot(db, pipeline)`` is the clock's ``bot_return`` job (every minute). With nothing
to return it makes no call to Rasa; while Rasa is still down it changes nothing.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from bot.clients.rasa import RasaUnavailable
from bot.conversations import BOT_UNAVAILABLE, PRIORITY_HIGH, give_back_to_bot, hand_off
from bot.inbound import ANSWERED_LATE, UNANSWERED, Pipeline
from bot.outbox.enqueue import enqueue_reply
from bot.outreach.results import JobResult
from models import Conversation, Message
from models.db import Database

log = logging.getLogger(__name__)
BATCH = 20  # conversations a run; the rest wait a minute


def waiting_for_the_bot(db: Database, limit: int = BATCH) -> list[int]:
    """Ids of conversations with staff only because Rasa was down, that nobody took."""
    with db.session() as session:
        return list(session.scalars(
            select(Conversation.id)
            .where(Conversation.state == "waiting",
                   Conversation.handoff_reason == BOT_UNAVAILABLE,
                   Conversation.assignee_id.is_(None))
            .order_by(Conversation.id).limit(limit)))


def return_to_bot(db: Database, pipeline: Pipeline, limit: int = BATCH) -> JobResult:
    result = JobResult()
    conv_ids = waiting_for_the_bot(db, limit)
    for done, conv_id in enumerate(conv_ids):
        try:
            result.add(_return_one(db, pipeline, conv_id))
        except RasaUnavailable:
            result.skip("the bot is still down", len(conv_ids) - done)
            break
    return result


def _touched_by_staff(session, conv: Conversation, first_unanswered: int) -> bool:
    if conv.assignee_id is not None:
        return True
    return session.scalar(select(Message.id).where(
        Message.conversation_id == conv.id, Message.staff_id.is_not(None),
        Message.id > first_unanswered).limit(1)) is not None


def _return_one(db: Database, pipeline: Pipeline, conv_id: int) -> JobResult:
    result = JobResult()
    with db.session() as session:
        conv = session.get(Conversation, conv_id)
        if conv is None or conv.state != "waiting" or conv.handoff_reason != BOT_UNAVAILABLE:
            result.skip("changed meanwhile")
            return result
        pending = list(session.scalars(
            select(Message).where(Message.conversation_id == conv.id, Message.direction == "in",
                                  Message.status == UNANSWERED).order_by(Message.id)))
        if _touched_by_staff(session, conv, pending[0].id if pending else 0):
            result.skip("staff have it")
            return result
        give_back_to_bot(conv)
        for message in pending:
            try:
                said = pipeline.answer_late(session, conv, message, status="queued")
            except RasaUnavailable:
                # Still (or again) down: staff keep it, the rest waits for the next run.
                session.rollback()
                conv = session.get(Conversation, conv_id)
                hand_off(conv, BOT_UNAVAILABLE, PRIORITY_HIGH)
                session.commit()
                raise
            conv = session.get(Conversation, conv_id)
            for index, reply in enumerate(said):
                enqueue_reply(session, conv, f"late-reply:{message.id}:{index}", reply, message)
                result.queued += 1
            session.get(Message, message.id).status = ANSWERED_LATE
            session.commit()  # each answered message is done for good
        log.info("conversation %s back with the bot, %d message(s) answered", conv.id,
                 len(pending))
    return result
