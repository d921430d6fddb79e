"""The resource directory and families' requests for help."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
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


class ResourceRequest(Timestamped, Base):
    __tablename__ = "resource_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    guardian_id: Mapped[int] = mapped_column(ForeignKey("guardians.id"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    resource_type: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="open")

    guardian = relationship("Guardian")
