"""The inbox's filters: school, language, hand-off reason, assigned to me, and which
conversations (open — waiting and recent bot ones — or closed). ``parse`` reads them from the
query string, always inside the staff member's schools (another school is a 404); ``apply``
narrows a ``select(Conversation)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import Select, select
from werkzeug.datastructures import MultiDict

from admin.scope import at_schools, school_ids
from bot.messages.languages import LANGUAGES
from bot.web.ids import parse_id
from models import Conversation, Guardian, StaffUser

STATUSES = ("open", "closed")


@dataclass(frozen=True)
class InboxFilter:
    school_id: int | None = None
    language: str = ""
    reason: str = ""  # a hand-off reason; "absence" = any "absence:<reason>"
    mine: bool = False
    status: str = "open"

    @property
    def active(self) -> bool:
        return bool(self.school_id or self.language or self.reason or self.mine or
                    self.status != "open")

    def args(self) -> dict[str, str]:
        values = {"school": str(self.school_id or ""), "language": self.language,
                  "reason": self.reason, "mine": "1" if self.mine else "",
                  "status": "" if self.status == "open" else self.status}
        return {key: value for key, value in values.items() if value}


def parse(staff: StaffUser, args: MultiDict) -> InboxFilter:
    school_id = None
    if args.get("school"):
        school_id = parse_id(args.get("school"))
        scope = school_ids(staff)
        if school_id is None or (scope is not None and school_id not in scope):
            abort(404)
    language = args.get("language", "")
    status = args.get("status", "open")
    return InboxFilter(school_id=school_id,
                       language=language if language in LANGUAGES else "",
                       reason=args.get("reason", "")[:64], mine=args.get("mine") == "1",
                       status=status if status in STATUSES else "open")


def apply(query: Select, f: InboxFilter, staff: StaffUser) -> Select:
    if f.school_id:
        query = query.where(at_schools([f.school_id]))
    if f.language:
        query = query.where(Conversation.guardian_id.in_(
            select(Guardian.id).where(Guardian.language == f.language)))
    if f.reason == "absence":
        query = query.where(Conversation.handoff_reason.like("absence:%"))
    elif f.reason:
        query = query.where(Conversation.handoff_reason == f.reason)
    if f.mine:
        query = query.where(Conversation.assignee_id == staff.id)
    return query
