"""What staff write that families never receive as is: internal notes on a conversation, and the
saved replies they reuse (each a reviewed text in one language, with its English meaning)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Timestamped


class ConversationNote(Timestamped, Base):
    """A note staff leave on a conversation for each other; never sent to the family."""

    __tablename__ = "conversation_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    body: Mapped[str] = mapped_column(Text)

    staff = relationship("StaffUser")


class SavedReply(Timestamped, Base):
    """A reply staff send often ("We got your note; we'll mark it excused"), as the family
    reads it in ``language``, with what it says in English for the staff member who picks it.
    Shared by every school: one title per language."""

    __tablename__ = "saved_replies"
    __table_args__ = (UniqueConstraint("title", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(80))
    language: Mapped[str] = mapped_column(String(8), index=True)
    body: Mapped[str] = mapped_column(Text)
    english: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
