"""action_record_absence: store one report per child and day (idempotent), confirm with the
child's name and the dates, then help according to the reason — never a form letter for the
hard ones: safety, housing, a family emergency or mental health go to a person, with priority."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from rasa_sdk import Action
from rasa_sdk.events import SlotSet
from sqlalchemy import select

from bot.actions.family import database, latest_text, load_family, say
from bot.conversations import PRIORITY_HIGH, PRIORITY_URGENT, hand_off
from bot.directory import find_resource
from bot.nlu.labels import SENSITIVE_REASONS
from bot.text.words import contains, table
from models import AbsenceReport, Message

LONG_ILLNESS_DAYS = 3
CORRECTION_WINDOW = timedelta(hours=2)


def recent_reports(session, family) -> list[AbsenceReport]:
    """The absence reports made from this conversation's latest reporting message, if that
    was within the correction window ("no, it's Jose, not Maria" refers to them)."""
    if family.conversation is None:
        return []
    since = datetime.now(UTC) - CORRECTION_WINDOW
    latest = session.scalar(
        select(AbsenceReport.message_id).join(Message, Message.id == AbsenceReport.message_id)
        .where(Message.conversation_id == family.conversation.id,
               AbsenceReport.created_at >= since)
        .order_by(AbsenceReport.id.desc())
    )
    if latest is None:
        return []
    return list(session.scalars(select(AbsenceReport).where(AbsenceReport.message_id == latest)))


@dataclass
class Correction:
    children: list  # the right children
    kind: str
    days: list[date]
    reason: str
    guardian_id: int | None
    message_id: int | None


def withdraw_for_correction(session, family, named) -> Correction | None:
    """When ``named`` holds a child of the latest report and another child ("no, it's Jose,
    not Maria") — or only another child, after a "no" — withdraw that report and return what
    to record instead; None when the message is not a correction of a recent report."""
    reports = recent_reports(session, family)
    wrong = {r.student_id for r in reports}
    right = [c for c in named if c.id not in wrong]
    if not reports or not right:
        return None
    first = reports[0]
    correction = Correction(right, first.kind, sorted({r.day for r in reports}), first.reason,
                            first.guardian_id, first.message_id)
    for report in reports:
        session.delete(report)
    session.flush()
    return correction


def record(session, student_ids, days, kind, reason, guardian_id, message_id) -> None:
    for student_id in student_ids:
        for day in days:
            report = session.scalar(select(AbsenceReport).where(
                AbsenceReport.student_id == student_id, AbsenceReport.day == day,
                AbsenceReport.kind == kind))
            if report is None:
                session.add(AbsenceReport(student_id=student_id, day=day, kind=kind,
                                          reason=reason, guardian_id=guardian_id,
                                          message_id=message_id))
            elif reason != "unspecified" or report.reason == "unspecified":
                report.reason = reason  # a later, more precise reason wins
    session.flush()


class RecordAbsence(Action):
    def name(self) -> str:
        return "action_record_absence"

    async def run(self, dispatcher, tracker, domain):
        kind = tracker.get_slot("absence_kind") or "absence"
        reason = tracker.get_slot("absence_reason") or "unspecified"
        days = [date.fromisoformat(d) for d in tracker.get_slot("absence_days") or []]
        ids = [int(i) for i in (tracker.get_slot("absence_child") or "").split(",") if i]
        resets = [SlotSet(s, None) for s in (
            "absence_kind", "absence_child", "absence_days", "absence_reason",
            "absence_child_asked", "absence_days_asked")]
        with database().session() as session:
            family = load_family(session, tracker)
            children = [c for c in family.children if c.id in ids]
            if not children or not days:
                return resets  # the form gave up: a person has the conversation
            record(session, [c.id for c in children], days, kind, reason,
                   family.guardian.id if family.guardian else None, family.message_id)
            from bot.actions.outreach_answers import followup_answered  # it imports record

            followup_answered(session, family, days)
            names = {"list": [c.first_name for c in children]}
            dates = {"dates": [d.isoformat() for d in days]}
            template = "tardy_recorded" if kind == "tardy" else "absence_recorded"
            say(dispatcher, template, child=names, dates=dates)
            self._follow_up(dispatcher, session, family, reason, days, names,
                            latest_text(tracker))
        return resets

    def _follow_up(self, dispatcher, session, family, reason, days, names, text) -> None:
        school_id = family.school.id if family.school else None
        if reason in SENSITIVE_REASONS:
            if family.conversation is not None:
                priority = PRIORITY_URGENT if reason == "safety" else PRIORITY_HIGH
                hand_off(family.conversation, f"absence:{reason}", priority)
            say(dispatcher, "handoff_caring", school=family.school_name)
        elif reason == "transportation":
            resource = find_resource(session, "transportation", school_id)
            if resource:
                say(dispatcher, "followup_transportation", resource=resource)
        elif reason == "basic_needs":
            for kind in ("clothing", "food"):
                resource = find_resource(session, kind, school_id)
                if resource:
                    say(dispatcher, "followup_basic_needs", resource=resource)
                    break
        elif reason == "illness" and (
            len(days) >= LONG_ILLNESS_DAYS or contains(text, table("hospital"))
        ):
            say(dispatcher, "followup_home_hospital", child=names)
