"""Wake-up nudges at the family's time on school days, in their language (praise:
test_praise.py)."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from bot.messages.render import render
from bot.outreach.nudges import nudge_text, queue_nudges
from models import AttendanceDay, CalendarDay, Guardian, OutboxMessage, StudentGuardian
from scheduler import jobs
from tests.factories import make_family, make_school

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
        guardian = family(s, language="vi")
        result = queue_nudges(s, MONDAY_0646)
        assert (result.queued, dict(result.skipped)) == (1, {})
        again = queue_nudges(s, MONDAY_0646 + timedelta(minutes=2))  # same key: once a day
        assert (again.queued, dict(again.skipped)) == (0, {"already sent": 1})
        [row] = outbox(s)
        assert row.kind == "nudge" and row.idempotency_key == "nudge:+19165550101:2026-11-23"
        assert row.body == nudge_text(guardian.students, "08:00", "vi", date(2026, 11, 23), {})
        assert "Sofia" in row.body and render({"template": "nudge_howto"}, "vi") in row.body
        assert row.not_before == MONDAY_0646 or row.not_before.replace(
            tzinfo=UTC) == MONDAY_0646  # nudges are not held by quiet hours


def test_no_nudge_before_the_time_on_weekends_holidays_or_when_opted_out(app):
    with app.extensions["db"].session() as s:
        guardian = family(s)
        assert queue_nudges(s, MONDAY_0646 - timedelta(minutes=5)).queued == 0
        sunday = queue_nudges(s, MONDAY_0646 - timedelta(days=1))
        assert (sunday.queued, dict(sunday.skipped)) == (0, {"not a school day": 1})
        s.add(CalendarDay(school_id=None, day=date(2026, 11, 23), kind="holiday"))
        s.flush()
        assert queue_nudges(s, MONDAY_0646).skipped == {"not a school day": 1}
        s.query(CalendarDay).delete()
        guardian.opted_out = True
        s.flush()
        assert queue_nudges(s, MONDAY_0646).skipped == {"opted out": 1}
        assert outbox(s) == []


def test_one_text_per_family_naming_each_child_with_school_that_day(app):
    with app.extensions["db"].session() as s:
        mother = family(s, children=("Sofia", "Mateo"))
        grandmother = Guardian(name="Rosa Lopez", phone=mother.phone, language="es",
                               nudge_opt_in=True, nudge_time=time(6, 40))
        s.add(grandmother)
        other = make_school(s, code="HWH", name="Harkness")
        s.flush()
        mateo = next(c for c in mother.students if c.first_name == "Mateo")
        mateo.school = other
        s.add(StudentGuardian(student_id=mateo.id, guardian_id=grandmother.id))
        s.add(CalendarDay(school_id=other.id, day=date(2026, 11, 23), kind="no_school"))
        s.flush()
        assert queue_nudges(s, MONDAY_0646).queued == 1
        [row] = outbox(s)
        assert "Sofia" in row.body and "Mateo" not in row.body  # no school at Harkness


def test_the_default_time_and_the_good_numbers(app):
    with app.extensions["db"].session() as s:
        guardian = family(s, children=("Sofia", "Mateo"))
        guardian.nudge_time = None  # said yes without a time: NUDGE_DEFAULT_TIME (06:45)
        sofia, mateo = sorted(guardian.students, key=lambda c: c.first_name)[::-1]
        for i in range(10):
            day = date(2026, 11, 9) + timedelta(days=i)
            s.add(AttendanceDay(student_id=sofia.id, day=day, status="present"))
            s.add(AttendanceDay(student_id=mateo.id, day=day,
                                status="absent" if i < 3 else "present"))
        s.flush()
        assert queue_nudges(s, MONDAY_0646).queued == 1
        [row] = outbox(s)
        fact = render({"template": "nudge_fact", "vars": {"child": "Sofia", "present": 10,
                                                          "days": 10}}, "es")
        assert fact in row.body and "Mateo" in row.body
        assert render({"template": "nudge_fact", "vars": {"child": "Mateo", "present": 7,
                                                          "days": 10}}, "es") not in row.body


def test_a_clock_that_was_down_catches_up_until_school_starts(app):
    db = app.extensions["db"]
    with db.session() as s:
        family(s)  # 06:45, school at 08:00
    monday = MONDAY_0646 - timedelta(minutes=1)  # 06:45
    assert jobs.nudges(at=monday - timedelta(minutes=15), db=db).queued == 0  # 06:30 run
    # The clock died at 06:30 and came back at 07:30: the 06:45 family is still nudged.
    assert jobs.nudges(at=monday + timedelta(minutes=45), db=db).queued == 1
    assert jobs.nudges(at=monday + timedelta(minutes=46), db=db).queued == 0
    with db.session() as s:
        assert len(outbox(s)) == 1
    tuesday = monday + timedelta(days=1)
    assert jobs.nudges(at=tuesday - timedelta(minutes=15), db=db).queued == 0
    late = jobs.nudges(at=tuesday + timedelta(minutes=80), db=db)  # back at 08:05: too late
    assert (late.queued, dict(late.skipped)) == (0, {"school already started": 1})


def test_each_run_reads_only_the_families_due_since_the_last_one(app):
    with app.extensions["db"].session() as s:
        family(s)
        assert queue_nudges(s, MONDAY_0646, since=MONDAY_0646 - timedelta(minutes=1)).queued == 1
        later = queue_nudges(s, MONDAY_0646 + timedelta(minutes=1), since=MONDAY_0646)
        assert (later.queued, dict(later.skipped)) == (0, {})  # 06:45 is before this window
