"""Staff response time: waiting is counted in staff hours on school days, and a family waiting
past STAFF_SLA_HOURS rises to the top of the inbox, right after urgent conversations."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from admin.inbox import inbox
from admin.sla import parse_hours, staff_hours_waited
from bot.conversations import PRIORITY_HIGH, PRIORITY_URGENT
from bot.school_calendar import SchoolCalendar
from models import CalendarDay
from tests.factories import add_conversation, make_family, make_school, make_staff

LA = ZoneInfo("America/Los_Angeles")
SETTINGS = {"DISTRICT_TIMEZONE": "America/Los_Angeles", "STAFF_HOURS": "08:00-16:30",
            "STAFF_SLA_HOURS": 4}
FRIDAY_EVENING = datetime(2026, 11, 20, 19, 0, tzinfo=LA)


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=LA)


def test_staff_hours_skip_nights_weekends_and_holidays(session):
    calendar = SchoolCalendar.load(session, date(2026, 11, 1), date(2026, 11, 30))
    hours = parse_hours("08:00-16:30")
    assert hours == (time(8), time(16, 30))
    waited = staff_hours_waited(FRIDAY_EVENING, local(23, 12), LA, calendar, hours)
    assert waited == 4.0  # Monday 08:00 to 12:00
    assert staff_hours_waited(local(23, 15), local(24, 9), LA, calendar, hours) == 2.5
    session.add(CalendarDay(school_id=None, day=date(2026, 11, 23), kind="holiday"))
    session.flush()
    closed = SchoolCalendar.load(session, date(2026, 11, 1), date(2026, 11, 30))
    assert staff_hours_waited(FRIDAY_EVENING, local(23, 12), LA, closed, hours) == 0


def wrote(session, guardian, school, at: datetime, priority=0):
    """A conversation waiting for staff since the family wrote ``at``."""
    conv = add_conversation(session, guardian, school, priority=priority,
                            messages=[("hola", "es", "hi")])
    for message in conv.messages:
        message.created_at = at.astimezone(UTC)
    conv.created_at = conv.updated_at = at.astimezone(UTC)
    session.flush()
    return conv


def test_overdue_conversations_rise_to_the_top_after_urgent_ones(session):
    school = make_school(session)
    clerk = make_staff(session, "clerk@school.org", schools=[school])
    families = [make_family(session, school=school, phone=f"+1916555012{n}",
                            guardian_name=f"Family {n}") for n in range(3)]
    now = local(23, 12, 30).astimezone(UTC)
    weekend = wrote(session, families[0], school, FRIDAY_EVENING)
    high = wrote(session, families[1], school, local(23, 11), PRIORITY_HIGH)
    urgent = wrote(session, families[2], school, local(23, 12), PRIORITY_URGENT)
    waiting, _ = inbox(session, clerk, SETTINGS, now=now)
    assert [r.conv.id for r in waiting] == [urgent.id, weekend.id, high.id]
    assert [r.overdue for r in waiting] == [False, True, False]
    early, _ = inbox(session, clerk, SETTINGS, now=local(23, 8, 30).astimezone(UTC))
    assert [r.conv.id for r in early] == [urgent.id, high.id, weekend.id]  # 0.5 staff hours
