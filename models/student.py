"""Students and their link to guardians (one row per student–guardian pair)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base


class Student(Base):
    __tablename__ = "students"

    id: Mapped[int] = mapped_column(primary_key=True)
    sis_id: Mapped[str] = mapped_column(String(32), unique=True)  # student information system id
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    grade: Mapped[str] = mapped_column(String(8), default="")
    # "f", "m" or NULL (not given, or neither): lets "my daughter" / "el niño" mean one child.
    gender: Mapped[str | None] = mapped_column(String(1))
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)

    school = relationship("School", back_populates="students")
    guardian_links = relationship(
        "StudentGuardian", back_populates="student", cascade="all, delete-orphan"
    )


class StudentGuardian(Base):
    __tablename__ = "student_guardians"

    student_id: Mapped[int] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), primary_key=True
    )
    # Indexed on its own too: the primary key serves look-ups by student, and "this guardian's
    # children" (every reply's time zone, every fan-out) must not scan the table.
    guardian_id: Mapped[int] = mapped_column(
        ForeignKey("guardians.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    relationship_label: Mapped[str] = mapped_column("relationship", String(40), default="")

    student = relationship("Student", back_populates="guardian_links")
    guardian = relationship("Guardian", back_populates="student_links")
