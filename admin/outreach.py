"""The outreach list: the tasks the clock gives staff (bot.outreach.followups) — a student at the
severe tier with no contact, days absent without a word — for the staff member's schools, each
with what a person needs before calling: the child, the days or the rate, the family, their
language and their conversation. Marking one done records who and when (and is audited by the
route, as is every read of the list).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from admin.scope import school_ids
from bot.messages.languages import language_name
from bot.tiers import latest
from models import Conversation, StaffTask, StaffUser, Student, TierSnapshot
from models.base import utcnow
from models.conversation import OPEN

KIND_LABELS = {"silent_absence": "Absent, no word from the family",
               "severe_tier": "Severe chronic absence, no recent contact"}


@dataclass
class Contact:
    name: str
    language: str
    phone: str  # in full: calling is the task (the page's reads are audited)
    conversation_id: int | None  # their open conversation, if any
    reachable: bool


@dataclass
class TaskRow:
    task: StaffTask
    student: Student
    kind: str
    summary: str
    standing: TierSnapshot | None
    family: list[Contact] = field(default_factory=list)


def _visible(staff: StaffUser):
    query = select(StaffTask)
    ids = school_ids(staff)
    if ids is not None:
        query = query.where(StaffTask.school_id.in_(ids))
    return query


def _days(isos: list[str]) -> str:
    return ", ".join(date.fromisoformat(d).strftime("%a %b %-d") for d in isos)


def summary(task: StaffTask) -> str:
    details = task.details or {}
    if task.kind == "silent_absence":
        texted = "the family was texted" if details.get("family_texted") else \
            "the family could not be texted"
        return f"Absent {_days(details.get('days', []))}; no reason given; {texted}."
    rate = details.get("rate")
    contact = details.get("last_contact")
    said = f"last contact {contact[:10]}" if contact else "no contact on record"
    return f"{round(rate * 100)} % of school days missed; {said}." if rate is not None else said


def _contacts(db: Session, student: Student) -> list[Contact]:
    guardians = [link.guardian for link in student.guardian_links]
    phones = [g.phone for g in guardians]
    open_convs = dict(db.execute(select(Conversation.phone, Conversation.id).where(
        Conversation.phone.in_(phones), OPEN)).all()) if phones else {}
    return [Contact(g.name, language_name(g.language), g.phone,
                    open_convs.get(g.phone), not (g.opted_out or g.phone_unreachable))
            for g in sorted(guardians, key=lambda g: g.id)]


def open_tasks(db: Session, staff: StaffUser) -> list[TaskRow]:
    """Open tasks of the staff member's schools, severe first, then the oldest."""
    tasks = list(db.scalars(_visible(staff).where(StaffTask.done_at.is_(None))
                            .options(selectinload(StaffTask.student))
                            .order_by(StaffTask.kind, StaffTask.created_at, StaffTask.id)))
    tasks.sort(key=lambda t: t.kind != "severe_tier")
    standing = latest(db, [t.student_id for t in tasks]) if tasks else {}
    return [TaskRow(task=t, student=t.student, kind=KIND_LABELS.get(t.kind, t.kind),
                    summary=summary(t), standing=standing.get(t.student_id),
                    family=_contacts(db, t.student)) for t in tasks]


def get_task(db: Session, staff: StaffUser, task_id: int) -> StaffTask:
    task = db.scalar(_visible(staff).where(StaffTask.id == task_id))
    if task is None:
        abort(404)  # not there, or another school's: the same answer
    return task


def mark_done(task: StaffTask, staff: StaffUser) -> None:
    if task.done_at is None:
        task.done_at, task.done_by_id = utcnow(), staff.id

