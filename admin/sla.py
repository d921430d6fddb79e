"""How long a family has waited for staff, in staff hours: the hours of STAFF_HOURS on school
days (weekdays the district calendar does not close), in the district's time zone. A message at
19:00 on Friday has waited no staff hours at 08:00 on Monday; at 12:00 it has waited four.
Past STAFF_SLA_HOURS a conversation is overdue and rises to the top of the inbox
(admin.inbox), right after urgent ones.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.school_calendar import SchoolCalendar


def parse_hours(value: str) -> tuple[time, time]:
    """"08:00-16:30" -> (08:00, 16:30)."""
    start, _, end = value.partition("-")
    first, last = (time.fromisoformat(part.strip().zfill(5)) for part in (start, end))
    if last <= first:
        raise ValueError(f"STAFF_HOURS must look like '08:00-16:30', not {value!r}")
    return first, last


def staff_hours_waited(since: datetime, now: datetime, zone: ZoneInfo,
                       calendar: SchoolCalendar, hours: tuple[time, time]) -> float:
    """Staff hours between ``since`` and ``now`` (aware datetimes)."""
    start, end = since.astimezone(zone), now.astimezone(zone)
    total, day = 0.0, start.date()
    while day <= end.date():
        if calendar.is_school_day(None, day):
            open_at = datetime.combine(day, hours[0], zone)
            close_at = datetime.combine(day, hours[1], zone)
            overlap = min(close_at, end) - max(open_at, start)
            total += max(overlap.total_seconds(), 0) / 3600
        day += timedelta(days=1)
    return total


def calendar_for(session, oldest: datetime, now: datetime, zone: ZoneInfo) -> SchoolCalendar:
    first: date = oldest.astimezone(zone).date()
    return SchoolCalendar.load(session, first, now.astimezone(zone).date())
