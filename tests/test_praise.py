"""Attendance praise with a fixed clock: every milestone once per school year, one text per
family per evening in its language, nothing on stale attendance, never in quiet hours."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.messages.render import render
from bot.outreach.praise import queue_praise
from models import AttendanceDay, CalendarDay, OutboxMessage, PraiseMilestone, TierSnapshot
from tests.factories import make_family

# Friday 2026-11-20 at 16:30 in Sacramento (UTC-8).
FRIDAY = date(2026, 11, 20)


def evening(day: date, hour: int = 16, minute: int = 30) -> datetime:
    """``hour``:``minute`` in Sacramento (UTC-8 in November) on ``day``."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(hours=hour + 8,
                                                                          minutes=minute)


def attend(session, student, days, status="present"):
    for day in days:
        session.add(AttendanceDay(student_id=student.id, day=day, status=status))
    session.flush()


def weekdays(first: date, last: date) -> list[date]:
    return [first + timedelta(n) for n in range((last - first).days + 1)
            if (first + timedelta(n)).weekday() < 5]


def texts(session):
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "praise")
                                .order_by(OutboxMessage.id)))


def milestones(session, student):
    return set(session.scalars(select(PraiseMilestone.milestone).where(
        PraiseMilestone.student_id == student.id)))


def test_a_streak_of_five_is_praised_once_in_the_family_language(app):
    with app.extensions["db"].session() as s:
        sofia = make_family(s, language="es").students[0]
        attend(s, sofia, [date(2026, 11, 12)], "absent")
        attend(s, sofia, [date(2026, 11, 13), *weekdays(date(2026, 11, 16), date(2026, 11, 18))])
        attend(s, sofia, [date(2026, 11, 19)], "tardy")  # a late arrival came to school
        result = queue_praise(s, evening(date(2026, 11, 19)))
        assert result.queued == 1
        [row] = texts(s)
        assert row.body == render({"template": "praise_streak",
                                   "vars": {"child": "Sofia", "count": 5}}, "es")
        again = queue_praise(s, evening(date(2026, 11, 19), 18))
        assert (again.queued, len(texts(s))) == (0, 1)  # the evening run after the import's
        assert milestones(s, sofia) == {"streak_5"}


def test_one_milestone_per_evening_the_biggest_and_each_once_a_year(app):
    with app.extensions["db"].session() as s:
        sofia = make_family(s, language="en").students[0]
        attend(s, sofia, weekdays(date(2026, 11, 16), FRIDAY))  # Monday to Friday: 5 and a week
        assert queue_praise(s, evening(FRIDAY)).queued == 1
        assert texts(s)[-1].body == render({"template": "praise_week",
                                            "vars": {"child": "Sofia"}}, "en")
        assert milestones(s, sofia) == {"streak_5", "week"}
        attend(s, sofia, weekdays(date(2026, 11, 23), date(2026, 11, 27)))
        # Thanksgiving week is cut to two days by the holidays: no perfect week; day 10 is Tue.
        for day in (25, 26, 27):
            s.add(CalendarDay(school_id=None, day=date(2026, 11, day), kind="holiday"))
        s.query(AttendanceDay).filter(AttendanceDay.day >= date(2026, 11, 25)).delete()
        assert queue_praise(s, evening(date(2026, 11, 23))).queued == 0  # 6 in a row
        assert queue_praise(s, evening(date(2026, 11, 24))).queued == 0  # 7
        attend(s, sofia, weekdays(date(2026, 11, 30), date(2026, 12, 2)))
        assert queue_praise(s, evening(date(2026, 12, 2))).queued == 1  # 10 in a row
        assert texts(s)[-1].body == render({"template": "praise_streak",
                                            "vars": {"child": "Sofia", "count": 10}}, "en")
        assert milestones(s, sofia) == {"streak_5", "week", "streak_10"}


def test_a_broken_and_rebuilt_streak_is_not_praised_again(app):
    with app.extensions["db"].session() as s:
        sofia = make_family(s).students[0]
        attend(s, sofia, weekdays(date(2026, 11, 9), date(2026, 11, 13)))
        assert queue_praise(s, evening(date(2026, 11, 13))).queued == 1  # 5 and a week
        attend(s, sofia, [date(2026, 11, 16)], "absent")
        attend(s, sofia, weekdays(date(2026, 11, 17), date(2026, 11, 23)))
        assert queue_praise(s, evening(date(2026, 11, 23))).queued == 0  # 5 again, same year


def test_a_perfect_month_on_its_last_school_day(app):
    with app.extensions["db"].session() as s:
        sofia = make_family(s).students[0]
        for day in (11, 26, 27):
            s.add(CalendarDay(school_id=None, day=date(2026, 11, day), kind="holiday"))
        november = [d for d in weekdays(date(2026, 11, 2), date(2026, 11, 30))
                    if d.day not in (11, 26, 27)]
        attend(s, sofia, november)  # to Monday the 30th: the month's last school day
        assert queue_praise(s, evening(date(2026, 11, 30))).queued == 1
        assert texts(s)[-1].body == render({"template": "praise_month",
                                            "vars": {"child": "Sofia"}}, "es")
        assert milestones(s, sofia) == {"streak_5", "streak_10", "month"}  # 18 in a row


def test_back_on_track_after_being_chronically_absent(app):
    with app.extensions["db"].session() as s:
        sofia = make_family(s).students[0]
        s.add_all([
            TierSnapshot(student_id=sofia.id, as_of=date(2026, 10, 1), enrolled_days=25,
                         absent_days=4, rate=.16, tier="moderate", rate_last_20=.2,
                         tier_last_20="severe"),
            TierSnapshot(student_id=sofia.id, as_of=FRIDAY, enrolled_days=60, absent_days=5,
                         rate=.0833, tier="at_risk", rate_last_20=0, tier_last_20="satisfactory"),
        ])
        attend(s, sofia, [date(2026, 11, 19)], "absent")
        attend(s, sofia, [FRIDAY])
        assert queue_praise(s, evening(FRIDAY)).queued == 1
        assert texts(s)[-1].body == render({"template": "praise_back_on_track",
                                            "vars": {"child": "Sofia"}}, "es")
        assert milestones(s, sofia) == {"back_on_track"}


def test_one_text_per_phone_naming_each_child(app):
    with app.extensions["db"].session() as s:
        sofia, mateo = sorted(make_family(s, children=("Sofia", "Mateo")).students,
                              key=lambda c: c.first_name)[::-1]
        attend(s, sofia, weekdays(date(2026, 11, 17), FRIDAY))  # 4 days
        attend(s, sofia, [date(2026, 11, 16)], "absent")
        attend(s, mateo, weekdays(date(2026, 11, 10), FRIDAY))  # 9 days: 5 and a week
        attend(s, mateo, [date(2026, 11, 9)], "absent")
        assert queue_praise(s, evening(FRIDAY)).queued == 1
        [row] = texts(s)
        assert row.body == render({"template": "praise_week", "vars": {"child": "Mateo"}}, "es")
        assert milestones(s, sofia) == set()


def test_quiet_hours_stale_attendance_and_opted_out_families(app):
    with app.extensions["db"].session() as s:
        guardian = make_family(s)
        sofia = guardian.students[0]
        attend(s, sofia, weekdays(date(2026, 11, 16), FRIDAY))
        stale = queue_praise(s, evening(FRIDAY + timedelta(days=7)))
        assert (stale.queued, dict(stale.skipped)) == (0, {"no recent attendance": 1})
        # Attendance imported late Friday: praised at 21:00, held until 07:00 Saturday.
        assert queue_praise(s, evening(FRIDAY, 21)).queued == 1
        [row] = texts(s)
        held = row.not_before if row.not_before.tzinfo else row.not_before.replace(tzinfo=UTC)
        assert held == datetime(2026, 11, 21, 15, 0, tzinfo=UTC)
        other = make_family(s, phone="+19165550199", guardian_name="Ana Ruiz",
                            children=("Bao",))
        other.opted_out = True
        attend(s, other.students[0], weekdays(date(2026, 11, 16), FRIDAY))
        result = queue_praise(s, evening(FRIDAY, 21))
        assert (result.queued, dict(result.skipped)) == (0, {"opted out": 1})
        assert milestones(s, other.students[0]) == {"streak_5", "week"}


def test_a_week_cut_short_by_holidays(app):
    with app.extensions["db"].session() as s:
        sofia = make_family(s).students[0]
        mateo = make_family(s, phone="+19165550102", guardian_name="Ana Ruiz",
                            children=("Mateo",)).students[0]
        for day in (25, 26, 27):  # Thanksgiving: a two-day week is no perfect week
            s.add(CalendarDay(school_id=None, day=date(2026, 11, day), kind="holiday"))
        s.add(CalendarDay(school_id=None, day=date(2026, 11, 16), kind="no_school"))
        attend(s, sofia, [date(2026, 11, 20)], "absent")
        attend(s, sofia, [date(2026, 11, 23), date(2026, 11, 24)])
        assert queue_praise(s, evening(date(2026, 11, 24))).queued == 0
        attend(s, mateo, weekdays(date(2026, 11, 17), FRIDAY))  # Monday off: four days
        assert queue_praise(s, evening(FRIDAY)).queued == 1
        assert texts(s)[-1].body == render({"template": "praise_week",
                                            "vars": {"child": "Mateo"}}, "es")
