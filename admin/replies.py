"""Translation both ways for staff, and staff replies.

- Family → staff: ``translate_pending(db, translator)`` (the clock's job, off the request path)
  and ``retry_conversation`` (the "Retry" button) fill ``Message.translation_en``. A failure
  leaves it NULL: the page then says "translation unavailable" and offers Retry.
- Staff → family: ``preview_reply`` translates the English text into the family's language
  (or says the service is unreachable, and offers to send the text as typed); ``send_reply``
  stores the Message (body = what the family reads, translation_en = the staff member's English)
  and, for SMS/WhatsApp, queues it in the outbox in the same transaction. The web chat polls the
  message rows, so a web-chat reply needs nothing more.

``get_translator()`` is the app's one Translator, the inbound pipeline's (tests put a fake
there).
No message body, English or translated, is ever logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.clients.translation import TranslationUnavailable, Translator
from bot.messages.languages import LANGUAGES
from bot.messages.render import render
from bot.outbox.enqueue import CHANNELS, enqueue
from models import Conversation, Message, OutboxMessage, StaffUser
from models.base import utcnow
from models.db import Database

log = logging.getLogger(__name__)
PENDING_LIMIT = 50
PENDING_MAX_AGE = timedelta(days=3)  # older failures are left to the Retry button
RETRY_LIMIT = 30
MAX_REPLY = 1600  # Twilio's limit for one message


def make_translator(config) -> Translator:
    """A Translator from a config mapping or class (TRANSLATION_* settings)."""
    return Translator.from_config(config)


def get_translator() -> Translator:
    """The app's one Translator (bot.web.extensions)."""
    from bot.web.extensions import get_translator as app_translator

    return app_translator()


# --- family -> staff -----------------------------------------------------------------------
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


# --- staff -> family -----------------------------------------------------------------------
@dataclass
class Preview:
    english: str
    body: str  # what the family will read
    language: str
    untranslated: bool  # the translation service was unreachable: body is the text as typed
    needs_translation: bool


def preview_reply(translator, english: str, language: str) -> Preview:
    english = english.strip()
    if language == "en" or language not in LANGUAGES:
        return Preview(english, english, "en" if language not in LANGUAGES else language,
                       untranslated=False, needs_translation=False)
    try:
        body = translator.translate(english, "en", language)
    except TranslationUnavailable:
        return Preview(english, english, language, untranslated=True, needs_translation=True)
    return Preview(english, body, language, untranslated=False, needs_translation=True)


class ReplyError(ValueError):
    pass


@dataclass
class Sent:
    message: Message
    outbox: OutboxMessage | None  # None for the web chat; status "suppressed": opted out

    @property
    def held(self) -> bool:
        """Queued for after quiet hours rather than for now."""
        if self.outbox is None or self.outbox.status != "queued":
            return False
        not_before = self.outbox.not_before
        if not_before.tzinfo is None:
            not_before = not_before.replace(tzinfo=UTC)
        return not_before > utcnow() + timedelta(minutes=1)


def send_reply(db: Session, staff: StaffUser, conv: Conversation, english: str, body: str,
               language: str) -> Sent:
    """Store the reply and, for SMS/WhatsApp, queue it: one transaction (the request's)."""
    english, body = english.strip(), body.strip()
    if not english or not body:
        raise ReplyError("The reply is empty.")
    if len(body) > MAX_REPLY or len(english) > MAX_REPLY:
        raise ReplyError(f"The reply is too long (at most {MAX_REPLY} characters).")
    if language not in LANGUAGES:
        raise ReplyError("Unknown language.")
    message = Message(conversation_id=conv.id, direction="out", channel=conv.channel,
                      body=body, translation_en=english, language=language, staff_id=staff.id,
                      status="queued" if conv.channel in CHANNELS else "sent")
    db.add(message)
    db.flush()
    row = None
    if conv.channel in CHANNELS:
        row = enqueue(db, key=f"staff-reply:{message.id}", guardian=conv.guardian, body=body,
                      kind="staff_reply", conversation_id=conv.id, language=language,
                      channel=conv.channel, to=conv.phone)
        if row is not None:
            row.message_id = message.id
    # A person is talking with the family now: the family's answer goes to staff, not Rasa.
    if conv.state == "bot":
        conv.state, conv.handoff_reason = "waiting", "staff_replied"
    if conv.assignee_id is None:
        conv.assignee_id = staff.id
    conv.updated_at = utcnow()
    return Sent(message, row)


def send_chat_link(db: Session, conv: Conversation, url: str) -> OutboxMessage | None:
    """Text the family their personal web-chat link (template "chat_link", their language).
    One per family and day: pressing the button twice sends once. None for an unknown number
    or a web-chat conversation (the family is already in the chat)."""
    guardian = conv.guardian
    if guardian is None or conv.channel not in CHANNELS:
        return None
    school = guardian.students[0].school.name if guardian.students else ""
    body = render({"template": "chat_link", "vars": {"school": school, "url": url}},
                  guardian.language)
    return enqueue(db, key=f"chat-link:{guardian.id}:{utcnow().date().isoformat()}",
                   guardian=guardian, body=body, kind="chat_link", conversation_id=conv.id,
                   channel=conv.channel, to=conv.phone)
