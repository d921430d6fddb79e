"""Signed-in browsers, staff (admin page) and families (web chat), remembered by the server."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, Timestamped


class WebSession(Timestamped, Base):
    """One signed-in browser: a staff member's or a guardian's (exactly one of the two). The
    cookie holds a random token; the row holds its SHA-256, so a database dump signs nobody in.
    Signing out sets ``ended_at``: a copied cookie stops working (bot.web.sessions)."""

    __tablename__ = "web_sessions"
    __table_args__ = (
        CheckConstraint("(staff_id IS NULL) <> (guardian_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    guardian_id: Mapped[int | None] = mapped_column(
        ForeignKey("guardians.id", ondelete="CASCADE"), index=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
