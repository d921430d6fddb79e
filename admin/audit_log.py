"""The audit log for district staff (/admin/audit): who read, changed or exported what, and when,
newest first, filtered by staff member, action, subject and dates. School staff get 404 (the
page does not exist for them). Reading the log is itself audited by the route.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from bot.web.ids import parse_id
from models import AuditEvent, StaffUser

PAGE_LIMIT = 300


@dataclass
class AuditPage:
    events: list[AuditEvent]
    total: int
    staff_names: dict[int, str]
    staff: list[StaffUser]
    actions: list[str]
    subjects: list[str]
    args: dict[str, str]


def require_district(staff: StaffUser) -> None:
    if staff.role != "district":
        abort(404)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def read(db: Session, args: MultiDict) -> AuditPage:
    """The events ``args`` selects (``staff``, ``action``, ``subject``, ``since``, ``until``;
    dates are whole UTC days), newest first, at most PAGE_LIMIT."""
    query = select(AuditEvent)
    filters: dict[str, str] = {}
    staff_id = parse_id(args.get("staff"))
    if staff_id:
        query, filters["staff"] = query.where(AuditEvent.staff_id == staff_id), str(staff_id)
    actions = list(db.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
    subjects = list(db.scalars(select(AuditEvent.subject_type).distinct()
                               .order_by(AuditEvent.subject_type)))
    if args.get("action") in actions:
        filters["action"] = args["action"]
        query = query.where(AuditEvent.action == filters["action"])
    if args.get("subject") in subjects:
        filters["subject"] = args["subject"]
        query = query.where(AuditEvent.subject_type == filters["subject"])
        subject_id = parse_id(args.get("subject_id"))
        if subject_id:
            filters["subject_id"] = str(subject_id)
            query = query.where(AuditEvent.subject_id == subject_id)
    since, until = _day(args.get("since")), _day(args.get("until"))
    if since:
        filters["since"] = since.isoformat()
        query = query.where(AuditEvent.created_at >= datetime.combine(since, time(), UTC))
    if until:
        filters["until"] = until.isoformat()
        query = query.where(AuditEvent.created_at <
                            datetime.combine(until + timedelta(days=1), time(), UTC))
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    events = list(db.scalars(query.order_by(AuditEvent.id.desc()).limit(PAGE_LIMIT)))
    staff = list(db.scalars(select(StaffUser).order_by(StaffUser.name, StaffUser.email)))
    return AuditPage(events=events, total=total,
                     staff_names={s.id: s.name or s.email for s in staff}, staff=staff,
                     actions=actions, subjects=subjects, args=filters)
