"""Staff logins and the schools each one may see."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Timestamped

staff_schools = Table(
    "staff_schools",
    Base.metadata,
    Column("staff_id", ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True),
    Column("school_id", ForeignKey("schools.id", ondelete="CASCADE"), primary_key=True),
)


class StaffUser(Timestamped, Base):
    """``role`` is ``district`` (sees every school) or ``school`` (sees only ``schools``)."""

    __tablename__ = "staff_users"
    __table_args__ = (CheckConstraint("role IN ('district', 'school')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(16), default="school")
    # Disabled by the district (admin/staff): cannot sign in; their sessions end at once.
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    schools = relationship("School", secondary=staff_schools)
