"""Liveness heartbeats written by long-running processes (the clock), read by /healthz, and the
clock's lease (one active clock at a time)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class Heartbeat(Base):
    __tablename__ = "heartbeats"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    beat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ClockLease(Base):
    """Which clock process is active, on SQLite (PostgreSQL uses an advisory lock instead):
    the holder renews ``expires_at``; a standby takes over once it has passed
    (scheduler.lock)."""

    __tablename__ = "clock_leases"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
