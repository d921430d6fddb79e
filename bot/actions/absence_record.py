"""action_record_absence: store one report per child and day (idempotent), confirm with the
child's name and the dates, then help according to the reason — never a form letter for the
hard ones: safety, housing, a family emergency or mental health go to a person, with priority."""

from __future__ import annotations

from datetime import date

from rasa_sdk import Action
from rasa_sdk.events import SlotSet
from sqlalchemy import select

from bot.actions.family import database, latest_text, load_family, say
from bot.children import fold
from bot.conversations import PRIORITY_HIGH, PRIORITY_URGENT, hand_off
from bot.directory import find_resource
from bot.labels import SENSITIVE_REASONS
from models import AbsenceReport

HOSPITAL_WORDS = ("hospital", "ospital", "醫院", "医院", "tsev kho mob", "benh vien", "больниц",
                  "лікарн", "مستشفى", "ਹਸਪਤਾਲ", "شفاخانه", "روغتون")
LONG_ILLNESS_DAYS = 3


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
        with database().session() as session:
            family = load_family(session, tracker)
            children = [c for c in family.children if c.id in ids]
            record(session, [c.id for c in children], days, kind, reason,
                   family.guardian.id if family.guardian else None, family.message_id)
            names = {"list": [c.first_name for c in children]}
            dates = {"dates": [d.isoformat() for d in days]}
            template = "tardy_recorded" if kind == "tardy" else "absence_recorded"
            say(dispatcher, template, child=names, dates=dates)
            self._follow_up(dispatcher, session, family, reason, days, names,
                            latest_text(tracker))
        return [SlotSet(s, None) for s in
                ("absence_kind", "absence_child", "absence_days", "absence_reason")]

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
            len(days) >= LONG_ILLNESS_DAYS or any(w in fold(text) for w in HOSPITAL_WORDS)
        ):
            say(dispatcher, "followup_home_hospital", child=names)
