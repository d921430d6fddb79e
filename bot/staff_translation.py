"""English for staff: translations of the family's messages, off the request path.

``translate_pending(db, translator)`` (the clock's job) and ``retry_conversation`` (the admin
page's "Retry" button) fill ``Message.translation_en``. A failure leaves it NULL: the page then
says "translation unavailable" and offers Retry. No message body is ever logged.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.clients.translation import TranslationUnavailable
from bot.messages.languages import LANGUAGES
from models import Conversation, Message
from models.base import utcnow
from models.db import Database

log = logging.getLogger(__name__)
PENDING_LIMIT = 50
PENDING_MAX_AGE = timedelta(days=3)  # older failures are left to the Retry button
RETRY_LIMIT = 30


def _needs_translation(message: Message) -> bool:
    return (not message.translation_en and bool(message.body.strip())
            and (message.language or "en") != "en" and message.language in LANGUAGES
            and not message.staff_id)


def _translate_rows(translator, rows: list[tuple[int, str, str]]) -> dict[int, str]:
    """{message id: English} for the rows that translated; stops once the service is down."""
    done: dict[int, str] = {}
    for message_id, body, language in rows:
        try:
            done[message_id] = translator.translate(body, language, "en")
        except TranslationUnavailable:
            if not getattr(translator, "available", True):
                break  # circuit open: the rest would fail the same way
    return done


def _store(db: Session, done: dict[int, str]) -> None:
    for message_id, english in done.items():
        db.execute(update(Message).where(Message.id == message_id,
                                         Message.translation_en.is_(None))
                   .values(translation_en=english))


def translate_pending(db: Database, translator, limit: int = PENDING_LIMIT) -> dict[str, int]:
    """Translate up to ``limit`` inbound non-English messages without English, newest first.

    The network calls happen between two short transactions, never inside a write lock."""
    since = utcnow() - PENDING_MAX_AGE
    with db.session() as session:
        rows = session.execute(
            select(Message.id, Message.body, Message.language)
            .where(Message.direction == "in", Message.translation_en.is_(None),
                   Message.language.is_not(None), Message.language != "en",
                   Message.language.in_(list(LANGUAGES)), Message.body != "",
                   Message.created_at >= since)
            .order_by(Message.id.desc()).limit(limit)
        ).all()
    rows = [(i, body, lang) for i, body, lang in rows if body.strip()]
    done = _translate_rows(translator, rows)
    if done:
        with db.session() as session:
            _store(session, done)
    result = {"found": len(rows), "translated": len(done), "failed": len(rows) - len(done)}
    if rows:
        log.info("translate_pending: %(translated)d translated, %(failed)d left", result)
    return result


def retry_conversation(db: Session, translator, conv: Conversation) -> tuple[int, int]:
    """Translate now the conversation's messages still without English (family messages and
    the bot's own replies). Returns (translated, still missing)."""
    todo = [m for m in conv.messages if _needs_translation(m)][-RETRY_LIMIT:]
    done = _translate_rows(translator, [(m.id, m.body, m.language) for m in todo])
    for message in todo:
        if message.id in done:
            message.translation_en = done[message.id]
    return len(done), len(todo) - len(done)
