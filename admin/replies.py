"""Staff replies, translated into the family's language. (Family → staff translation, which the
clock runs too, is bot.staff_translation.)

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

from dataclasses import dataclass
from datetime import UTC, timedelta

from sqlalchemy.orm import Session

from bot.clients.translation import TranslationUnavailable, Translator
from bot.messages.languages import LANGUAGES
from bot.messages.render import render
from bot.outbox.enqueue import CHANNELS, enqueue
from models import Conversation, Message, OutboxMessage, StaffUser
from models.base import utcnow

MAX_REPLY = 1600  # Twilio's limit for one message


def get_translator() -> Translator:
    """The app's one Translator (bot.web.extensions)."""
    from bot.web.extensions import get_translator as app_translator

    return app_translator()


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
