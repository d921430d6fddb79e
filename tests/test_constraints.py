"""Constraints live in the database, not only in Python."""

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from models import AbsenceReport, AttendanceDay, Conversation, Message, OutboxMessage, Student
from tests.factories import make_family


def test_duplicate_provider_id_is_rejected(app):
    db = app.extensions["db"]
    with db.session() as s:
        conv = Conversation(phone="+19165550101")
        s.add(conv)
        s.flush()
        s.add(Message(conversation_id=conv.id, direction="in", provider_id="SM123", body="hola"))
    with pytest.raises(IntegrityError), db.session() as s:
        s.add(Message(conversation_id=conv.id, direction="in", provider_id="SM123", body="hola"))


def test_duplicate_outbox_idempotency_key_is_rejected(app):
    db = app.extensions["db"]
    with db.session() as s:
        s.add(OutboxMessage(idempotency_key="nudge:1:2026-11-23", to="+19165550101", body="x"))
    with pytest.raises(IntegrityError), db.session() as s:
        s.add(OutboxMessage(idempotency_key="nudge:1:2026-11-23", to="+19165550101", body="y"))


def test_foreign_keys_are_enforced(app):
    with pytest.raises(IntegrityError), app.extensions["db"].session() as s:
        s.add(Student(sis_id="1", first_name="A", last_name="B", school_id=9999))
        s.flush()


def test_check_constraints_are_enforced(app):
    db = app.extensions["db"]
    with db.session() as s:
        student = make_family(s).students[0]
        student_id = student.id
    with pytest.raises(IntegrityError), db.session() as s:
        s.add(AttendanceDay(student_id=student_id, day=date(2026, 11, 23), status="sick"))
        s.flush()
    with pytest.raises(IntegrityError), db.session() as s:
        s.execute(text("INSERT INTO conversations (phone, channel, state, priority, created_at,"
                       " updated_at) VALUES ('+1', 'sms', 'lost', 0, CURRENT_TIMESTAMP,"
                       " CURRENT_TIMESTAMP)"))


def test_one_absence_report_per_child_day_and_kind(app):

    db = app.extensions["db"]
    with db.session() as s:
        student_id = make_family(s).students[0].id
        s.add(AbsenceReport(student_id=student_id, day=date(2026, 11, 23), kind="absence"))
    with pytest.raises(IntegrityError), db.session() as s:
        s.add(AbsenceReport(student_id=student_id, day=date(2026, 11, 23), kind="absence"))
