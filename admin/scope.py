"""Who may see what: the one place that limits staff to their schools' families.

- ``school_ids(staff)``: ``None`` for district staff (every school, and unknown numbers whose
  conversation has no school), else the ids of their schools.
- A family is everyone on one phone. A conversation is visible to the staff of every school
  where one of the phone's guardians has a child (and of the school it was opened for), so two
  families sharing a phone, or one family with children at two schools, are seen by both
  schools in every view: inbox, conversation, simulator, search.
- ``visible_conversations``, ``visible_guardians``, ``visible_students`` and
  ``visible_requests`` are the queries every view starts from; ``get_conversation`` and
  ``get_guardian`` answer 404 — not 403 — for anything outside the scope, so an id does not
  even reveal that a row exists.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import abort
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from models import (
    Conversation,
    Guardian,
    ResourceRequest,
    School,
    StaffUser,
    Student,
    StudentGuardian,
)


def school_ids(staff: StaffUser) -> list[int] | None:
    """``None`` = every school and the unknown numbers (district role); else these schools."""
    if staff.role == "district":
        return None
    return [school.id for school in staff.schools]


def guardians_at(ids: list[int]) -> Select:
    """Ids of guardians with a child at one of these schools."""
    return (select(StudentGuardian.guardian_id).join(Student)
            .where(Student.school_id.in_(ids)))


def _phones_at(ids: list[int]) -> Select:
    """Phones of guardians with a child at one of these schools."""
    return select(Guardian.phone).where(Guardian.id.in_(guardians_at(ids)))


def at_schools(ids: list[int]):
    """The condition "this conversation is a family's at one of these schools"."""
    return or_(Conversation.school_id.in_(ids), Conversation.phone.in_(_phones_at(ids)))


def visible_conversations(staff: StaffUser) -> Select:
    """``select(Conversation)`` limited to what ``staff`` may see."""
    query = select(Conversation)
    ids = school_ids(staff)
    if ids is not None:
        query = query.where(at_schools(ids))
    return query


def visible_guardians(staff: StaffUser) -> Select:
    """``select(Guardian)`` limited to guardians with a child in the staff member's schools."""
    query = select(Guardian)
    ids = school_ids(staff)
    if ids is not None:
        query = query.where(Guardian.id.in_(guardians_at(ids)))
    return query


def visible_students(staff: StaffUser, student_ids: Iterable[int]) -> Select:
    """``select(Student)`` of these ids, limited to the staff member's schools."""
    query = select(Student).where(Student.id.in_(list(student_ids)))
    ids = school_ids(staff)
    if ids is not None:
        query = query.where(Student.school_id.in_(ids))
    return query


def visible_requests(staff: StaffUser) -> Select:
    """``select(ResourceRequest)`` of the staff member's schools; a request opened without a
    school (district-wide) belongs to every school where the family has a child."""
    query = select(ResourceRequest)
    ids = school_ids(staff)
    if ids is not None:
        query = query.where(requests_at(ids))
    return query


def requests_at(ids: list[int]):
    """The condition "this request is one of these schools'"."""
    return or_(ResourceRequest.school_id.in_(ids),
               ResourceRequest.school_id.is_(None) & ResourceRequest.guardian_id.in_(
                   guardians_at(ids)))


def visible_schools(db: Session, staff: StaffUser) -> list[School]:
    """The schools the staff member may pick in a filter, by name."""
    ids = school_ids(staff)
    query = select(School).order_by(School.name)
    if ids is not None:
        query = query.where(School.id.in_(ids))
    return list(db.scalars(query))


def get_conversation(db: Session, staff: StaffUser, conv_id: int) -> Conversation:
    conv = db.scalar(visible_conversations(staff).where(Conversation.id == conv_id))
    if conv is None:
        abort(404)
    return conv


def get_guardian(db: Session, staff: StaffUser, guardian_id: int) -> Guardian:
    guardian = db.scalar(visible_guardians(staff).where(Guardian.id == guardian_id))
    if guardian is None:
        abort(404)
    return guardian
