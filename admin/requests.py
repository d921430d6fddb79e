"""Resource requests as staff work them (/admin/requests): each request the bot opened for a
family (food, a bus pass, housing, …) goes new → contacted → fulfilled or declined, with an
assignee and notes, for the staff member's schools only (admin.scope.visible_requests). The inbox
shows a family's new requests beside their conversation (``new_needs``). The routes audit every
read and change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from werkzeug.datastructures import MultiDict

from admin.scope import school_ids, visible_requests, visible_schools
from bot.messages.languages import language_name
from bot.nlu.labels import RESOURCE_TYPES
from bot.web.ids import parse_id
from models import Conversation, Guardian, ResourceRequest, School, StaffUser
from models.base import utcnow
from models.conversation import OPEN
from models.resource import REQUEST_STATUSES

OPEN_STATUSES = ("new", "contacted")
SHOWN = ("open", *REQUEST_STATUSES, "all")  # the status filter; "open" = new or contacted
PAGE_LIMIT = 300
NOTES_LIMIT = 4000


@dataclass
class RequestRow:
    request: ResourceRequest
    guardian: Guardian
    language: str
    conversation_id: int | None  # the family's open conversation, if any


@dataclass
class RequestPage:
    rows: list[RequestRow]
    schools: list[School]
    args: dict[str, str]


def _filtered(staff: StaffUser, args: MultiDict):
    query = visible_requests(staff)
    shown = args.get("status", "open")
    shown = shown if shown in SHOWN else "open"
    if shown == "open":
        query = query.where(ResourceRequest.status.in_(OPEN_STATUSES))
    elif shown != "all":
        query = query.where(ResourceRequest.status == shown)
    chosen = args.get("school", "")
    if chosen:
        school_id = parse_id(chosen)
        scope = school_ids(staff)
        if school_id is None or (scope is not None and school_id not in scope):
            abort(404)
        query = query.where(ResourceRequest.school_id == school_id)
    kind = args.get("type", "")
    if kind in RESOURCE_TYPES:
        query = query.where(ResourceRequest.resource_type == kind)
    mine = args.get("mine") == "1"
    if mine:
        query = query.where(ResourceRequest.assignee_id == staff.id)
    filters = {"status": shown, "school": chosen, "type": kind if kind in RESOURCE_TYPES else "",
               "mine": "1" if mine else ""}
    return query, {key: value for key, value in filters.items() if value}


def _open_conversations(db: Session, phones: list[str]) -> dict[str, int]:
    if not phones:
        return {}
    return dict(db.execute(select(Conversation.phone, Conversation.id)
                           .where(Conversation.phone.in_(phones), OPEN)).all())


def work_list(db: Session, staff: StaffUser, args: MultiDict) -> RequestPage:
    """Requests matching the filter in ``args``: new first, then contacted, oldest first."""
    query, filters = _filtered(staff, args)
    requests = list(db.scalars(
        query.options(selectinload(ResourceRequest.guardian),
                      selectinload(ResourceRequest.school),
                      selectinload(ResourceRequest.assignee))
        .order_by(ResourceRequest.status != "new", ResourceRequest.created_at,
                  ResourceRequest.id)
        .limit(PAGE_LIMIT)))
    convs = _open_conversations(db, list({r.guardian.phone for r in requests}))
    rows = [RequestRow(request=r, guardian=r.guardian, language=language_name(r.guardian.language),
                       conversation_id=convs.get(r.guardian.phone)) for r in requests]
    return RequestPage(rows=rows, schools=visible_schools(db, staff), args=filters)


def get_request(db: Session, staff: StaffUser, request_id: int) -> ResourceRequest:
    found = db.scalar(visible_requests(staff).where(ResourceRequest.id == request_id))
    if found is None:
        abort(404)  # not there, or another school's: the same answer
    return found


def update(request: ResourceRequest, staff: StaffUser, form: MultiDict,
           now: datetime | None = None) -> dict:
    """Apply the row's form: status, "assign to me" / "unassign", notes. Returns what changed
    (for the audit row: names of fields, never the notes' text)."""
    changed: dict = {}
    status = form.get("status", request.status)
    if status not in REQUEST_STATUSES:
        abort(400)
    if status != request.status:
        changed["status"] = [request.status, status]
        request.status, request.status_changed_at = status, now or utcnow()
    assign = form.get("assign")
    if assign == "me" and request.assignee_id != staff.id:
        request.assignee_id, changed["assignee"] = staff.id, staff.id
    elif assign == "nobody" and request.assignee_id is not None:
        request.assignee_id, changed["assignee"] = None, None
    if "notes" in form:
        notes = form.get("notes", "").strip()[:NOTES_LIMIT]
        if notes != (request.notes or ""):
            request.notes, changed["notes"] = notes, True
    return changed


def new_needs(db: Session, staff: StaffUser, phones: list[str]) -> dict[str, list[str]]:
    """{phone: resource types of the family's new requests}, within the staff member's scope:
    what the inbox shows beside each family's conversation."""
    if not phones:
        return {}
    visible = visible_requests(staff).with_only_columns(ResourceRequest.id)
    rows = db.execute(
        select(Guardian.phone, ResourceRequest.resource_type)
        .join_from(ResourceRequest, Guardian, Guardian.id == ResourceRequest.guardian_id)
        .where(Guardian.phone.in_(phones), ResourceRequest.status == "new",
               ResourceRequest.id.in_(visible))
        .order_by(ResourceRequest.id)).all()
    found: dict[str, list[str]] = {}
    for phone, kind in rows:
        if kind not in found.setdefault(phone, []):
            found[phone].append(kind)
    return found
