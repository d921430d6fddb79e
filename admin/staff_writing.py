"""Internal notes on a conversation, and saved replies.

- ``add_note``: a note staff leave for each other on a conversation; never sent to the family.
- Saved replies are reviewed texts in one language with their English meaning, shared by every
  school. ``saved_for(language)`` lists those a conversation can use; ``preview_saved`` turns
  one into the reply preview (no machine translation: the text was written for that language);
  staff still check it and may edit it before sending, as with any reply.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import Session

from admin.replies import MAX_REPLY, Preview
from bot.messages.languages import LANGUAGES
from bot.web.ids import parse_id
from models import Conversation, ConversationNote, SavedReply, StaffUser

MAX_NOTE = 4000
MAX_TITLE = 80


class WritingError(ValueError):
    """What staff typed cannot be saved; the message says why, in plain words."""


def add_note(db: Session, staff: StaffUser, conv: Conversation, body: str) -> ConversationNote:
    body = body.strip()
    if not body:
        raise WritingError("Type a note first.")
    if len(body) > MAX_NOTE:
        raise WritingError(f"The note is too long (at most {MAX_NOTE} characters).")
    note = ConversationNote(conversation_id=conv.id, staff_id=staff.id, body=body)
    db.add(note)
    db.flush()
    return note


def notes_for(db: Session, conv: Conversation) -> list[ConversationNote]:
    return list(db.scalars(select(ConversationNote)
                           .where(ConversationNote.conversation_id == conv.id)
                           .order_by(ConversationNote.id)))


def saved_for(db: Session, language: str) -> list[SavedReply]:
    return list(db.scalars(select(SavedReply).where(SavedReply.language == language)
                           .order_by(SavedReply.title)))


def all_saved(db: Session) -> list[SavedReply]:
    return list(db.scalars(select(SavedReply).order_by(SavedReply.title, SavedReply.language)))


def get_saved(db: Session, raw_id) -> SavedReply:
    saved = db.get(SavedReply, parse_id(raw_id)) if parse_id(raw_id) else None
    if saved is None:
        abort(404)
    return saved


def preview_saved(saved: SavedReply) -> Preview:
    return Preview(saved.english, saved.body, saved.language, untranslated=False,
                   needs_translation=saved.language != "en")


def add_saved(db: Session, staff: StaffUser, title: str, language: str, body: str,
              english: str) -> SavedReply:
    title, body, english = title.strip(), body.strip(), english.strip()
    if not title or not body or (language != "en" and not english):
        raise WritingError("A saved reply needs a title, the text, and what it says in "
                           "English.")
    if language not in LANGUAGES:
        raise WritingError("Pick a language.")
    if len(title) > MAX_TITLE or len(body) > MAX_REPLY or len(english) > MAX_REPLY:
        raise WritingError(f"Too long: a title has at most {MAX_TITLE} characters, a text "
                           f"at most {MAX_REPLY}.")
    if db.scalar(select(SavedReply.id).where(SavedReply.title == title,
                                             SavedReply.language == language)):
        raise WritingError(f"“{title}” already exists in {LANGUAGES[language].english_name}: "
                           "delete it first to replace it.")
    saved = SavedReply(title=title, language=language, body=body,
                       english=english or body, created_by_id=staff.id)
    db.add(saved)
    db.flush()
    return saved
