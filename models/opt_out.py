"""Phones that texted STOP: kept by phone, not by guardian, so a number that opted out before it
was in the roster (or under another guardian's name) is not texted once a roster import adds it.
START removes the row. Guardians' own ``opted_out`` flag stays what the senders check."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class PhoneOptOut(Base):
    __tablename__ = "phone_opt_outs"

    phone: Mapped[str] = mapped_column(String(40), primary_key=True)  # E.164 when it parses
    opted_out_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
