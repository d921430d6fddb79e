"""The resource directory and families' requests for help."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, LanguageText, Timestamped


class Resource(Base):
    """A directory entry. ``school_id`` NULL = offered to families of every school. ``key`` is
    the entry's identity across imports: its type, name and school."""

    __tablename__ = "resources"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    resource_type: Mapped[str] = mapped_column(String(32), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"))
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(300))
    hours: Mapped[str] = mapped_column(String(200), default="")
    languages: Mapped[str] = mapped_column(String(200), default="")  # spoken there, as typed

    descriptions = relationship("ResourceDescription", cascade="all, delete-orphan",
                                back_populates="resource")


class ResourceDescription(LanguageText, Base):
    """What an entry offers, in one language (models.base.LanguageText); a family reads it
    after the entry's name."""

    __tablename__ = "resource_descriptions"
    __table_args__ = (
        UniqueConstraint("resource_id", "language"),
        CheckConstraint("origin IN ('staff', 'machine')", name="origin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(500))

    resource = relationship("Resource", back_populates="descriptions")


REQUEST_STATUSES = ("new", "contacted", "fulfilled", "declined")


class ResourceRequest(Timestamped, Base):
    """A family's request for help, opened by the bot; staff work it new → contacted →
    fulfilled or declined (admin/requests), with an assignee and notes."""

    __tablename__ = "resource_requests"
    __table_args__ = (
        CheckConstraint("status IN ('new', 'contacted', 'fulfilled', 'declined')",
                        name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guardian_id: Mapped[int] = mapped_column(ForeignKey("guardians.id"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    resource_type: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="new")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    status_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    guardian = relationship("Guardian")
    school = relationship("School")
    assignee = relationship("StaffUser")
