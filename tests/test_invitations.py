"""Invitations, reminders and cancellations, with a fixed clock: the right families once (one
text per phone), in their language, with place, meal and childcare; the audience by school,
grade or tier; the RSVP opened so the reply counts; reminders with the headcount; a cancelled
event texts those who said yes or maybe; a repeated or late run sends nothing twice."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

import bot.outreach.invitations as invitations
from bot.messages.render import render
from bot.outreach.invitations import cancel_event, queue_invitations, queue_reminders
from bot.tiers import compute_tiers
from models import (
    AttendanceDay,
    Event,
    EventTitle,
    Guardian,
    OutboxMessage,
    Rsvp,
    Student,
    StudentGuardian,
)
from tests.factories import make_family, make_school

LA = ZoneInfo("America/Los_Angeles")


def local(*args) -> datetime:
    return datetime(*args, tzinfo=LA).astimezone(UTC)


@pytest.fixture
def district(app, session):
    bhe = make_school(session)
    other = make_school(session, code="HWH", name="H. W. Harkness Elementary School")
    ana = make_family(session, school=bhe, phone="+19165550101", language="es",
                      guardian_name="Ana Ruiz", children=("Leo", "Mia"))
    lan = make_family(session, school=bhe, phone="+19165550102", language="vi",
                      guardian_name="Lan Tran", children=("Khoa",), last_name="Tran")
    # Mother and grandmother on one phone, one child: one text.
    rosa = make_family(session, school=bhe, phone="+19165550103", language="es",
                       guardian_name="Rosa Diaz", children=("Sol",), last_name="Diaz")
    abuela = Guardian(name="Carmen Diaz", phone="+19165550103", language="es")
    session.add(abuela)
    session.flush()
    session.add(StudentGuardian(student_id=rosa.students[0].id, guardian_id=abuela.id))
    stopped = make_family(session, school=bhe, phone="+19165550104", language="en",
                          guardian_name="Tom Reed", children=("Ty",), last_name="Reed")
    stopped.opted_out = True
    make_family(session, school=other, phone="+19165550105", language="en",
                guardian_name="Other School", children=("Oz",), last_name="Other")
    for student, grade in ((ana.students[0], "5"), (ana.students[1], "7"),
                           (lan.students[0], "1"), (rosa.students[0], "K")):
        student.grade = grade
    event = Event(code="night", school_id=bhe.id, title="Family Night",
                  starts_at=local(2026, 12, 17, 17, 30), place="Library", meal="dinner",
                  childcare=True, invite_days_before=14)
    session.add(event)
    session.flush()
    session.add_all([EventTitle(event_id=event.id, language="es", text="Noche Familiar"),
                     EventTitle(event_id=event.id, language="vi", text="Đêm Gia Đình")])
    session.commit()
    return {"event": event.id, "bhe": bhe.id}


def outbox(session, kind):
    session.expire_all()
    return {row.to: row for row in session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == kind))}


def test_nothing_before_the_invitation_day(district, session):
    assert queue_invitations(session, local(2026, 12, 2, 9, 5)).queued == 0


def test_one_invitation_per_family_in_its_language(district, session):
    result = queue_invitations(session, local(2026, 12, 3, 9, 5))
    session.commit()
    assert (result.queued, dict(result.skipped)) == (3, {"opted out": 1})
    sent = outbox(session, "invitation")
    assert set(sent) == {"+19165550101", "+19165550102", "+19165550103"}
    spanish = sent["+19165550101"].body
    assert spanish.startswith(render({"template": "invitation", "vars": {
        "event": "Noche Familiar", "school": "Bret Harte Elementary School",
        "date": {"date": "2026-12-17"}, "time": {"time": "17:30"}}}, "es"))
    for part in (render({"template": "invitation_place", "vars": {"place": "Library"}}, "es"),
                 render({"template": "meal_dinner"}, "es"),
                 render({"template": "invitation_childcare"}, "es")):
        assert part in spanish
    assert "Đêm Gia Đình" in sent["+19165550102"].body and sent["+19165550102"].language == "vi"
    # Every guardian on an invited phone has an open RSVP: their reply counts.
    invited = set(session.scalars(select(Guardian.name).join(Rsvp).where(
        Rsvp.answer == "invited")))
    assert {"Ana Ruiz", "Lan Tran", "Rosa Diaz", "Carmen Diaz"} <= invited
    again = queue_invitations(session, local(2026, 12, 3, 10, 5))
    assert (again.queued, again.skipped["already sent"]) == (0, 3)


def test_a_clock_that_was_down_still_invites_until_the_event(district, session):
    assert queue_invitations(session, local(2026, 12, 10, 9, 5)).queued == 3
    assert queue_invitations(session, local(2026, 12, 18, 9, 5)).queued == 0  # it is over


def test_a_grade_audience(district, session):
    session.get(Event, district["event"]).audience = "grade:K-3"
    session.flush()
    queue_invitations(session, local(2026, 12, 3, 9, 5))
    assert set(outbox(session, "invitation")) == {"+19165550102", "+19165550103"}


def test_a_tier_audience(district, session):
    session.get(Event, district["event"]).audience = "tier:moderate+"
    khoa = session.scalar(select(Student).where(Student.first_name == "Khoa"))
    for day in range(1, 11):
        session.add(AttendanceDay(student_id=khoa.id, day=date(2026, 11, day),
                                  status="absent" if day <= 2 else "present"))
    session.flush()
    compute_tiers(session, date(2026, 11, 30))
    queue_invitations(session, local(2026, 12, 3, 9, 5))
    assert set(outbox(session, "invitation")) == {"+19165550102"}


def test_reminders_the_day_before_with_the_headcount(district, session):
    queue_invitations(session, local(2026, 12, 3, 9, 5))
    ana = session.scalar(select(Guardian).where(Guardian.name == "Ana Ruiz"))
    rsvp = session.scalar(select(Rsvp).where(Rsvp.guardian_id == ana.id))
    rsvp.answer, rsvp.adults, rsvp.children, rsvp.needs_childcare = "yes", 2, 3, True
    session.flush()
    assert queue_reminders(session, local(2026, 12, 15, 15, 10)).queued == 0
    assert queue_reminders(session, local(2026, 12, 16, 15, 10)).queued == 1
    body = outbox(session, "reminder")["+19165550101"].body
    assert body == render({"template": "reminder", "vars": {
        "event": "Noche Familiar", "date": {"date": "2026-12-17"}, "time": {"time": "17:30"},
        "adults": 2, "children": 3}}, "es") + " " + render(
        {"template": "reminder_childcare"}, "es")
    assert queue_reminders(session, local(2026, 12, 16, 16, 10)).queued == 0


def test_a_cancelled_event_texts_those_who_said_yes_or_maybe(district, session):
    queue_invitations(session, local(2026, 12, 3, 9, 5))
    for name, answer in (("Ana Ruiz", "yes"), ("Lan Tran", "maybe"), ("Rosa Diaz", "no")):
        guardian = session.scalar(select(Guardian).where(Guardian.name == name))
        session.scalar(select(Rsvp).where(Rsvp.guardian_id == guardian.id)).answer = answer
    event = session.get(Event, district["event"])
    result = cancel_event(session, event, local(2026, 12, 10, 12, 0))
    assert result.queued == 2
    assert set(outbox(session, "event_cancelled")) == {"+19165550101", "+19165550102"}
    assert cancel_event(session, event).queued == 0  # once
    assert queue_invitations(session, local(2026, 12, 3, 11, 5)).queued == 0
    assert queue_reminders(session, local(2026, 12, 16, 15, 10)).queued == 0


def test_flask_scheduler_run_and_list(district, runner):
    result = runner.invoke(args=["scheduler", "run", "invitations", "--at",
                                 "2026-12-03T09:05"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == ["queued 3, skipped 1", "  opted out: 1"]
    listed = runner.invoke(args=["scheduler", "list"]).output
    for name in ("nudges", "praise", "invitations", "reminders", "outbox", "translations"):
        assert name in listed
    assert runner.invoke(args=["scheduler", "run", "nope"]).exit_code == 2


def test_flask_events_cancel(district, runner, session):
    assert runner.invoke(args=["events", "cancel", "night"]).exit_code == 0
    session.expire_all()
    assert session.get(Event, district["event"]).cancelled_at is not None
    assert runner.invoke(args=["events", "cancel", "nope"]).exit_code == 2


def test_a_crash_in_the_middle_of_a_fan_out_then_a_restart_sends_each_once(district, app,
                                                                            monkeypatch):
    """The clock dies while queueing (here: the third family's text fails to render): nothing
    of that run is kept, and the next run queues every family, once."""
    real, calls = invitations.invitation_text, []

    def dies_on_the_second_language(event, language):
        calls.append(language)
        if len(calls) == 2:
            raise RuntimeError("the clock process died here")
        return real(event, language)

    db = app.extensions["db"]
    monkeypatch.setattr(invitations, "invitation_text", dies_on_the_second_language)
    with pytest.raises(RuntimeError), db.session() as s:
        queue_invitations(s, local(2026, 12, 3, 9, 5))
    with db.session() as s:
        assert s.scalar(select(OutboxMessage.id)) is None  # the run's transaction is gone
    monkeypatch.setattr(invitations, "invitation_text", real)
    with db.session() as s:
        assert queue_invitations(s, local(2026, 12, 3, 9, 10)).queued == 3
    with db.session() as s:
        assert queue_invitations(s, local(2026, 12, 3, 10, 5)).queued == 0
        rows = s.scalars(select(OutboxMessage.to)).all()
    assert sorted(rows) == ["+19165550101", "+19165550102", "+19165550103"]
