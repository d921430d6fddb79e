"""Declarative base shared by every model, with a naming convention so that Alembic migrations
name constraints the same way on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A stored time, aware: SQLite hands back UTC without its zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LanguageText:
    """A text families read, in one language: typed by staff (``origin`` "staff") or
    machine-translated from the staff's English ("machine"); ``reviewed_at`` is set when staff
    checked a machine translation. Event titles and resource descriptions use it."""

    language: Mapped[str] = mapped_column(String(8))
    origin: Mapped[str] = mapped_column(String(8), default="staff")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
