"""What staff see: the inbox, one conversation with the family behind it, and the state actions.

Every query starts from admin.scope, which limits staff to their schools' families.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from admin import inbox_filter
from admin.inbox_filter import InboxFilter
from admin.requests import new_needs
from admin.scope import school_ids, visible_conversations, visible_requests, visible_students
from admin.sla import calendar_for, parse_hours, staff_hours_waited
from bot.conversations import PRIORITY_URGENT
from bot.messages.languages import language_name
from bot.opt_out import is_opted_out
from bot.outreach.holdout import assignments_of
from bot.tiers import latest
from bot.web.extensions import district_today
from config import Config
from models import (
    AbsenceReport,
    Conversation,
    Event,
    Guardian,
    HoldoutAssignment,
    Message,
    OutboxMessage,
    ResourceRequest,
    Rsvp,
    School,
    StaffUser,
    Student,
    StudentGuardian,
    TierSnapshot,
)
from models.base import utcnow

WAITING_LIMIT = 200
WAITING_SCAN = 1000  # read this many, so an overdue conversation past the 200th still rises
RECENT_LIMIT = 25
# The clock translates new messages every 30 s: younger than this, a missing translation is
# "pending"; older, the translation service must have failed and staff get a Retry button.
TRANSLATION_GRACE = timedelta(minutes=2)

PRIORITY_LABELS = {2: "urgent", 1: "high"}
_REASONS = {
    "unknown_number": "Unknown number: not in the roster",
    "bot_unavailable": "The bot was down: the family is waiting for a reply",
    "turn_failed": "The bot failed twice on a message: the family is waiting for a reply",
    "asked_for_person": "Asked to talk to a person",
    "not_understood": "The bot did not understand twice",
    "staff_replied": "A staff member replied",
}
_ABSENCE_REASONS = {
    "safety": "Absence: safety concern",
    "housing": "Absence: housing problem",
    "family_emergency": "Absence: family emergency",
    "mental_health": "Absence: mental health",
}


# The reasons the inbox can be filtered by: every hand-off reason, absences as one.
FILTER_REASONS = [
    ("asked_for_person", "Asked for a person"), ("not_understood", "Not understood twice"),
    ("absence", "Absence needing a person (safety, housing, emergency, mental health)"),
    ("bot_unavailable", "The bot was down"), ("turn_failed", "The bot failed on a message"),
    ("staff_replied", "Staff replied"),
    ("unknown_number", "Not in the roster")]


def reason_label(reason: str | None) -> str:
    """The hand-off reason in plain English."""
    if not reason:
        return ""
    if reason in _REASONS:
        return _REASONS[reason]
    if reason.startswith("absence:"):
        key = reason.split(":", 1)[1]
        return _ABSENCE_REASONS.get(key, "Absence: " + key.replace("_", " "))
    return reason.replace("_", " ").replace(":", ": ").capitalize()


def aware(moment: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back; every time we store is UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def masked_phone(phone: str | None) -> str:
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    return f"••{digits[-4:]}" if digits else "••"


# --- the inbox -----------------------------------------------------------------------------
@dataclass
class InboxRow:
    conv: Conversation
    name: str
    school: str
    reason: str
    priority: str
    language: str
    since: datetime | None  # waiting since (oldest unanswered family message) or last activity
    answered: bool
    preview: str
    preview_note: str
    assignee: str
    overdue: bool = False  # waiting longer than STAFF_SLA_HOURS staff hours (admin.sla)
    needs: list[str] = field(default_factory=list)  # the family's new resource requests
    unread: int = 0  # family messages since the last staff reply


def _last_staff_id():
    staff_msg = aliased(Message)
    return (select(func.max(staff_msg.id))
            .where(staff_msg.conversation_id == Conversation.id, staff_msg.staff_id.is_not(None))
            .correlate(Conversation).scalar_subquery())


def _waiting_since():
    """The family's oldest message that no staff reply has answered yet (NULL: answered)."""
    return (select(func.min(Message.created_at))
            .where(Message.conversation_id == Conversation.id, Message.direction == "in",
                   Message.id > func.coalesce(_last_staff_id(), 0))
            .correlate(Conversation).scalar_subquery())


def _previews(db: Session, conv_ids: list[int]) -> dict[int, Message]:
    if not conv_ids:
        return {}
    last_in = (select(func.max(Message.id)).where(Message.conversation_id.in_(conv_ids),
                                                  Message.direction == "in")
               .group_by(Message.conversation_id))
    messages = db.scalars(select(Message).where(Message.id.in_(last_in)))
    return {m.conversation_id: m for m in messages}


def english_preview(message: Message | None, limit: int = 140) -> tuple[str, str]:
    """(text, note): the English translation when there is one, else the original with a note."""
    if message is None:
        return "", ""
    if message.translation_en:
        text, note = message.translation_en, ""
    elif (message.language or "en") == "en":
        text, note = message.body, ""
    else:
        text, note = message.body, f"{language_name(message.language)}, not yet translated"
    if not text and message.media:
        text = f"[{len(message.media)} attachment(s)]"
    text = " ".join((text or "").split())
    return (text[: limit - 1] + "…" if len(text) > limit else text), note


def family_schools(db: Session, phones: list[str]) -> dict[str, list[str]]:
    """{phone: names of the schools where the phone's guardians have children}."""
    if not phones:
        return {}
    rows = db.execute(
        select(Guardian.phone, School.name).distinct()
        .join(StudentGuardian, StudentGuardian.guardian_id == Guardian.id)
        .join(Student, Student.id == StudentGuardian.student_id)
        .join(School, School.id == Student.school_id)
        .where(Guardian.phone.in_(phones)).order_by(School.name))
    found: dict[str, list[str]] = {}
    for phone, name in rows:
        found.setdefault(phone, []).append(name)
    return found


def _school_label(conv: Conversation, by_phone: dict[str, list[str]],
                  schools: dict[int, str]) -> str:
    names = by_phone.get(conv.phone) or ([schools[conv.school_id]] if conv.school_id in schools
                                         else [])
    return " · ".join(names) or "No school (unknown number)"


def _rows(db: Session, convs: list[tuple[Conversation, datetime | None]]) -> list[InboxRow]:
    schools = dict(db.execute(select(School.id, School.name)).all())
    by_phone = family_schools(db, [c.phone for c, _ in convs])
    staff_names = dict(db.execute(select(StaffUser.id, StaffUser.name)).all())
    previews = _previews(db, [c.id for c, _ in convs])
    rows = []
    for conv, waiting_since in convs:
        last = previews.get(conv.id)
        text, note = english_preview(last)
        guardian = conv.guardian
        language = guardian.language if guardian else (last.language if last else None)
        answered = conv.state == "waiting" and waiting_since is None
        rows.append(InboxRow(
            conv=conv,
            name=guardian.name if guardian else f"Unknown number {masked_phone(conv.phone)}",
            school=_school_label(conv, by_phone, schools),
            reason=reason_label(conv.handoff_reason) if conv.state == "waiting" else "",
            priority=PRIORITY_LABELS.get(conv.priority or 0, "") if conv.state == "waiting"
            else "",
            language=language_name(language),
            since=aware(waiting_since) if waiting_since else aware(conv.updated_at),
            answered=answered, preview=text, preview_note=note,
            assignee=staff_names.get(conv.assignee_id, "") if conv.assignee_id else "",
        ))
    return rows


def _overdue_ids(db: Session, waiting: list[tuple[Conversation, datetime | None]],
                 settings: Mapping, now: datetime) -> set[int]:
    """Ids of the conversations whose family has waited past the SLA, in staff hours; decided
    from the waiting time alone, before any row is built (only the first WAITING_LIMIT are)."""
    unanswered = [(conv, aware(since)) for conv, since in waiting if since is not None]
    if not unanswered:
        return set()
    zone = ZoneInfo(settings["DISTRICT_TIMEZONE"])
    hours = parse_hours(settings["STAFF_HOURS"])
    calendar = calendar_for(db, min(since for _, since in unanswered), now, zone)
    return {conv.id for conv, since in unanswered
            if staff_hours_waited(since, now, zone, calendar, hours) > settings["STAFF_SLA_HOURS"]}


def inbox(db: Session, staff: StaffUser, settings: Mapping, now: datetime | None = None,
          f: InboxFilter = InboxFilter()) -> tuple[list[InboxRow], list[InboxRow]]:
    """(waiting for staff: urgent first, then those waiting past the SLA (STAFF_SLA_HOURS staff
    hours), then by priority and the longest-waiting; recent bot conversations — or, with
    ``f.status`` "closed", the recently closed ones). ``settings``: the app's config; ``f``
    narrows both lists (admin.inbox_filter)."""
    # Labelled and ordered by its name: the subquery is computed once per row, not twice.
    since = _waiting_since().label("waiting_since")
    waiting = db.execute(
        inbox_filter.apply(visible_conversations(staff), f, staff).add_columns(since)
        .options(selectinload(Conversation.guardian))
        .where(Conversation.state == "waiting")
        .order_by(Conversation.priority.desc(), since.asc().nulls_last(), Conversation.id)
        .limit(WAITING_SCAN)
    ).all() if f.status == "open" else []
    overdue = _overdue_ids(db, waiting, settings, now or utcnow())
    # Stable sort: within each group the SQL order (priority, longest waiting) stays.
    waiting = sorted(waiting, key=lambda pair: (pair[0].priority != PRIORITY_URGENT,
                                                pair[0].id not in overdue))[:WAITING_LIMIT]
    rows = _rows(db, [(c, s) for c, s in waiting])
    for row in rows:
        row.overdue = row.conv.id in overdue
    recent = db.scalars(
        inbox_filter.apply(visible_conversations(staff), f, staff)
        .options(selectinload(Conversation.guardian))
        .where(Conversation.state == ("closed" if f.status == "closed" else "bot"))
        .order_by(Conversation.updated_at.desc(), Conversation.id.desc())
        .limit(RECENT_LIMIT)
    ).all()
    recent_rows = _rows(db, [(c, None) for c in recent])
    _count_unread(db, rows)
    _show_needs(db, staff, rows + recent_rows)
    return rows, recent_rows


def _count_unread(db: Session, rows: list[InboxRow]) -> None:
    """How many family messages no staff reply has answered yet, per waiting conversation."""
    ids = [row.conv.id for row in rows if not row.answered]
    if not ids:
        return
    last_staff = (select(Message.conversation_id, func.max(Message.id).label("last"))
                  .where(Message.conversation_id.in_(ids), Message.staff_id.is_not(None))
                  .group_by(Message.conversation_id).subquery())
    counts = dict(db.execute(
        select(Message.conversation_id, func.count())
        .outerjoin(last_staff, last_staff.c.conversation_id == Message.conversation_id)
        .where(Message.conversation_id.in_(ids), Message.direction == "in",
               Message.id > func.coalesce(last_staff.c.last, 0))
        .group_by(Message.conversation_id)).all())
    for row in rows:
        row.unread = counts.get(row.conv.id, 0)


def latest_message_id(db: Session, conv: Conversation) -> int:
    return db.scalar(select(func.max(Message.id)).where(Message.conversation_id == conv.id)) or 0


def inbox_state(db: Session, staff: StaffUser, since: int | None = None) -> dict[str, int]:
    """What the inbox page polls for, over the staff member's schools (counts and ids only: no
    text, nothing to audit): conversations waiting, and ``latest`` — without ``since`` (the
    page, as it is drawn) the newest message id of all, a starting point read off the primary
    key; with ``since`` (the poll) the newest visible family message after it, else ``since``.
    Only what came after the page is read, never every message of every visible conversation
    (a clerk's school with few messages made that a scan of the whole table)."""
    visible = visible_conversations(staff).with_only_columns(Conversation.id)
    waiting = db.scalar(select(func.count()).select_from(
        visible.where(Conversation.state == "waiting").subquery()))
    if since is None:
        latest = db.scalar(select(func.max(Message.id))) or 0
    else:
        latest = db.scalar(select(Message.id).where(
            Message.id > since, Message.direction == "in", Message.conversation_id.in_(visible))
            .order_by(Message.id.desc()).limit(1)) or since
    return {"waiting": waiting or 0, "latest": latest}


def _show_needs(db: Session, staff: StaffUser, rows: list[InboxRow]) -> None:
    """A family's new resource requests appear beside their conversation (admin.requests)."""
    needs = new_needs(db, staff, list({row.conv.phone for row in rows}))
    for row in rows:
        row.needs = needs.get(row.conv.phone, [])


# --- one conversation ----------------------------------------------------------------------
@dataclass
class MessageView:
    message: Message
    original: str
    english: str | None
    # "" (English, nothing to do) | "translated" | "pending" | "unavailable" | "staff" |
    # "untranslated" (a staff reply sent as typed) | "bot" (a bot reply, not translated)
    translation: str
    author: str
    media: list[dict]
    simulated: bool
    erased: bool = False  # its text is gone: older than RETENTION_DAYS (bot.retention)
    delivery: str = ""  # a text sent through the outbox: queued, sent, delivered, failed, …


def safe_media(message: Message) -> list[dict]:
    """Only http(s) links: a media URL is never rendered as javascript: or data:."""
    items = []
    for item in message.media or []:
        url = str((item or {}).get("url", ""))
        if url.startswith(("https://", "http://")):
            items.append({"url": url, "content_type": str(item.get("content_type", ""))})
    return items


def message_view(message: Message, staff_names: dict[int, str], now: datetime) -> MessageView:
    language = message.language or "en"
    english = message.translation_en
    if message.direction == "out" and message.staff_id:
        author = staff_names.get(message.staff_id, "Staff")
        untranslated = language != "en" and english is not None and english == message.body
        state = "untranslated" if untranslated else "staff"
    elif message.direction == "out":
        author = "Bot"
        state = "translated" if english else ("" if language == "en" else "bot")
    else:
        author = "Family"
        if english:
            state = "translated"
        elif language == "en" or not message.body.strip():
            state = ""
        elif now - aware(message.created_at) < TRANSLATION_GRACE:
            state = "pending"
        else:
            state = "unavailable"
    erased = not message.body and not message.media and \
        now - aware(message.created_at) > timedelta(days=Config.RETENTION_DAYS)
    return MessageView(message=message, original=message.body, english=english,
                       translation="" if erased else state, author=author,
                       media=safe_media(message),
                       simulated=(message.provider_id or "").startswith("sim:"), erased=erased)


@dataclass
class Family:
    guardians: list[Guardian] = field(default_factory=list)
    children: list[Student] = field(default_factory=list)
    absences: list[AbsenceReport] = field(default_factory=list)
    rsvps: list[Rsvp] = field(default_factory=list)
    requests: list[ResourceRequest] = field(default_factory=list)
    standing: dict[int, TierSnapshot] = field(default_factory=dict)  # student id -> newest
    phone_opted_out: bool = False  # the phone itself opted out (STOP), whoever is on file
    # student id -> this school year's holdout draw (bot.outreach.holdout), when drawn
    holdout: dict[int, HoldoutAssignment] = field(default_factory=dict)


def family_panel(db: Session, staff: StaffUser, phone: str | None,
                 guardian: Guardian | None) -> Family:
    """The family behind a phone, limited to the staff member's schools: guardians sharing the
    phone, their children, recent absence reports, RSVPs and resource requests."""
    if guardian is None and not phone:
        return Family()
    guardians = list(db.scalars(select(Guardian).where(Guardian.phone == phone)
                                .order_by(Guardian.id))) if phone else []
    if guardian is not None and guardian not in guardians:
        guardians.insert(0, guardian)
    if not guardians:
        return Family()
    student_ids = {link.student_id for g in guardians for link in g.student_links}
    children = list(db.scalars(visible_students(staff, student_ids)
                               .order_by(Student.first_name)))
    child_ids = [c.id for c in children]
    guardian_ids = [g.id for g in guardians]
    ids = school_ids(staff)
    absences = list(db.scalars(
        select(AbsenceReport).where(AbsenceReport.student_id.in_(child_ids))
        .order_by(AbsenceReport.day.desc(), AbsenceReport.id.desc()).limit(20)))
    rsvp_query = (select(Rsvp).join(Event).where(Rsvp.guardian_id.in_(guardian_ids))
                  .order_by(Event.starts_at.desc()).limit(10))
    request_query = (visible_requests(staff).where(ResourceRequest.guardian_id.in_(guardian_ids))
                     .order_by(ResourceRequest.id.desc()).limit(10))
    if ids is not None:
        rsvp_query = rsvp_query.where(or_(Event.school_id.in_(ids), Event.school_id.is_(None)))
    return Family(guardians=guardians, children=children, absences=absences,
                  rsvps=list(db.scalars(rsvp_query)), requests=list(db.scalars(request_query)),
                  standing=latest(db, child_ids),
                  phone_opted_out=bool(phone) and is_opted_out(db, phone),
                  holdout=assignments_of(db, child_ids, district_today()))


@dataclass
class ConversationPage:
    conv: Conversation
    title: str
    school: str
    language: str
    messages: list[MessageView]
    family: Family
    assignee: str
    needs_retry: bool


def conversation_language(conv: Conversation) -> str:
    """The language the family reads: the guardian's, else their latest message's."""
    if conv.guardian is not None and conv.guardian.language:
        return conv.guardian.language
    for message in reversed(conv.messages):
        if message.direction == "in" and message.language:
            return message.language
    return "en"


def _add_delivery(db: Session, views: list[MessageView]) -> None:
    """The outbox's delivery state beside each message it sent (Twilio's status callbacks)."""
    out_ids = [v.message.id for v in views if v.message.direction == "out"]
    if not out_ids:
        return
    states = dict(db.execute(select(OutboxMessage.message_id, OutboxMessage.status)
                             .where(OutboxMessage.message_id.in_(out_ids))).all())
    for view in views:
        view.delivery = states.get(view.message.id, "")


def conversation_page(db: Session, staff: StaffUser, conv: Conversation) -> ConversationPage:
    now = utcnow()
    staff_names = dict(db.execute(select(StaffUser.id, StaffUser.name)).all())
    views = [message_view(m, staff_names, now) for m in conv.messages]
    _add_delivery(db, views)
    schools = dict(db.execute(select(School.id, School.name)).all())
    guardian = conv.guardian
    return ConversationPage(
        conv=conv,
        title=guardian.name if guardian else f"Unknown number {masked_phone(conv.phone)}",
        school=_school_label(conv, family_schools(db, [conv.phone]), schools),
        language=conversation_language(conv),
        messages=views,
        family=family_panel(db, staff, conv.phone if guardian else None, guardian),
        assignee=staff_names.get(conv.assignee_id, "") if conv.assignee_id else "",
        needs_retry=any(v.translation in ("unavailable", "bot") for v in views),
    )


# --- state actions -------------------------------------------------------------------------
def close(conv: Conversation) -> None:
    conv.state = "closed"
    conv.updated_at = utcnow()


def assign(conv: Conversation, staff: StaffUser) -> None:
    conv.assignee_id = staff.id
