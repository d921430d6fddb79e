"""Guardians: who we text, in which language, and whether we may."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import Boolean, DateTime, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Timestamped


class Guardian(Timestamped, Base):
    """One adult. A phone may be shared by two guardians (e.g. mother and grandmother), so the
    phone is indexed, not unique; (name, phone) is unique so a roster re-import updates in place."""

    __tablename__ = "guardians"
    __table_args__ = (UniqueConstraint("phone", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(20), index=True)  # E.164
    language: Mapped[str] = mapped_column(String(8), default="en")
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    opted_out_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    phone_unreachable: Mapped[bool] = mapped_column(Boolean, default=False)
    nudge_opt_in: Mapped[bool] = mapped_column(Boolean, default=False)
    nudge_time: Mapped[time | None] = mapped_column(Time)

    student_links = relationship(
        "StudentGuardian", back_populates="guardian", cascade="all, delete-orphan"
    )

    @property
    def students(self):
        return [link.student for link in self.student_links]
