"""Wake-up nudges at the family's time on school days, and streak praise, in their language."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from bot.messages.render import render
from bot.outreach.nudges import queue_nudges, queue_praise
from models import AttendanceDay, CalendarDay, Guardian, OutboxMessage
from tests.factories import make_family

# Monday 2026-11-23, 06:46 in Sacramento (UTC-8).
MONDAY_0646 = datetime(2026, 11, 23, 14, 46, tzinfo=UTC)


def family(session, **kw):
    guardian = make_family(session, **kw)
    guardian.nudge_opt_in, guardian.nudge_time = True, time(6, 45)
    session.flush()
    return guardian


def outbox(session):
    return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_nudge_at_the_chosen_time_in_the_family_language(app):
    with app.extensions["db"].session() as s:
        family(s, language="vi")
        assert queue_nudges(s, MONDAY_0646) == 1
        assert queue_nudges(s, MONDAY_0646 + timedelta(minutes=2)) == 0  # same key: once a day
        [row] = outbox(s)
        assert row.kind == "nudge" and row.idempotency_key.endswith(":2026-11-23")
        assert row.body == render({"template": "nudge_morning", "vars": {
            "school": "Bret Harte Elementary School", "start": "08:00"}}, "vi")
        assert row.not_before == MONDAY_0646 or row.not_before.replace(
            tzinfo=UTC) == MONDAY_0646  # nudges are not held by quiet hours


def test_no_nudge_before_the_time_on_weekends_holidays_or_when_opted_out(app):
    with app.extensions["db"].session() as s:
        guardian = family(s)
        assert queue_nudges(s, MONDAY_0646 - timedelta(minutes=5)) == 0
        assert queue_nudges(s, MONDAY_0646 - timedelta(days=1)) == 0  # Sunday
        s.add(CalendarDay(school_id=None, day=date(2026, 11, 23), kind="holiday"))
        s.flush()
        assert queue_nudges(s, MONDAY_0646) == 0
        s.query(CalendarDay).delete()
        guardian.opted_out = True
        s.flush()
        assert queue_nudges(s, MONDAY_0646) == 0
        assert outbox(s) == []


def test_praise_at_a_five_day_streak(app):
    with app.extensions["db"].session() as s:
        guardian = family(s, language="es")
        student = guardian.students[0]
        days = [date(2026, 11, d) for d in (16, 17, 18, 19, 20)]
        s.add(AttendanceDay(student_id=student.id, day=date(2026, 11, 13), status="absent"))
        for day in days:
            s.add(AttendanceDay(student_id=student.id, day=day, status="present"))
        s.flush()
        assert queue_praise(s, date(2026, 11, 19)) == 0  # 4 in a row
        assert queue_praise(s, date(2026, 11, 20)) == 1
        [row] = outbox(s)
        assert row.body == render({"template": "praise_streak", "vars": {
            "child": "Sofia", "count": 5}}, "es")
        assert s.scalar(select(Guardian.id)) == row.guardian_id
