"""Quiet hours: no non-urgent text reaches a family at night, in the *school's* time zone.

``next_allowed(now_utc, tz, quiet)`` returns ``now_utc`` when it is outside the quiet window,
else the (UTC) moment the window ends. The window "HH:MM-HH:MM" may span midnight ("20:00-07:00");
its start is inside it, its end is not; "" or equal ends mean no quiet hours.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Guardian, School, Student, StudentGuardian

log = logging.getLogger(__name__)
DEFAULT_TZ = "America/Los_Angeles"
_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_window(quiet: str) -> tuple[time, time] | None:
    """``"20:00-07:00"`` -> (20:00, 07:00); None for no quiet hours. ValueError when malformed."""
    if not quiet or not quiet.strip():
        return None
    match = _WINDOW.match(quiet)
    try:
        start, end = time(*map(int, match.groups()[:2])), time(*map(int, match.groups()[2:]))
    except (AttributeError, ValueError):  # no match, or 25:00
        raise ValueError(f"QUIET_HOURS must look like '20:00-07:00', not {quiet!r}") from None
    return None if start == end else (start, end)


def zone(tz: str | ZoneInfo | None) -> ZoneInfo:
    if isinstance(tz, ZoneInfo):
        return tz
    try:
        return ZoneInfo(tz or DEFAULT_TZ)
    except (ZoneInfoNotFoundError, ValueError):
        # A typo in one school's row must not stop its families' messages: fall back, loudly.
        log.warning("unknown time zone %r: using %s", tz, DEFAULT_TZ)
        return ZoneInfo(DEFAULT_TZ)


def next_allowed(now_utc: datetime, tz: str | ZoneInfo | None,
                 quiet: str = "20:00-07:00") -> datetime:
    """The first moment at or after ``now_utc`` outside quiet hours in ``tz`` (aware, UTC)."""
    if now_utc.tzinfo is None:
        now_utc = now_utc.replace(tzinfo=UTC)  # SQLite hands back naive UTC
    now_utc = now_utc.astimezone(UTC)
    window = parse_window(quiet)
    if window is None:
        return now_utc
    start, end = window
    local = now_utc.astimezone(zone(tz))
    clock = local.time().replace(tzinfo=None)
    if start < end:  # same-day window, e.g. "12:00-13:00"
        quiet_now, end_day = start <= clock < end, local.date()
    elif clock >= start:  # spans midnight, evening part: ends tomorrow
        quiet_now, end_day = True, local.date() + timedelta(days=1)
    else:  # spans midnight, morning part: ends today
        quiet_now, end_day = clock < end, local.date()
    if not quiet_now:
        return now_utc
    # Built from the local calendar day, not now + delta, so a DST change overnight still
    # ends the window at 07:00 on the wall clock.
    return datetime.combine(end_day, end, tzinfo=local.tzinfo).astimezone(UTC)


def guardian_timezone(session: Session, guardian: Guardian | None) -> str:
    """The time zone of the guardian's first student's school (lowest student id, so it does
    not depend on load order); DEFAULT_TZ when there is none."""
    if guardian is None or guardian.id is None:
        return DEFAULT_TZ
    tz = session.scalar(
        select(School.timezone)
        .join(Student, Student.school_id == School.id)
        .join(StudentGuardian, StudentGuardian.student_id == Student.id)
        .where(StudentGuardian.guardian_id == guardian.id)
        .order_by(Student.id)
        .limit(1)
    )
    return tz or DEFAULT_TZ


def guardian_timezones(session: Session, guardian_ids: list[int]) -> dict[int, str]:
    """``guardian_timezone`` for many guardians in one query per 5,000."""
    zones: dict[int, str] = {}
    first_child: dict[int, int] = {}
    for start in range(0, len(guardian_ids), 5000):
        # No ORDER BY: sorting by student id made SQLite drive the join from the students
        # table and probe the IN list for each one (37 s per 5,000 guardians at 40,000
        # families); the first child is picked here instead.
        rows = session.execute(
            select(StudentGuardian.guardian_id, Student.id, School.timezone)
            .join(Student, Student.id == StudentGuardian.student_id)
            .join(School, School.id == Student.school_id)
            .where(StudentGuardian.guardian_id.in_(guardian_ids[start:start + 5000])))
        for guardian_id, student_id, tz in rows:
            if student_id < first_child.get(guardian_id, student_id + 1):
                first_child[guardian_id] = student_id
                zones[guardian_id] = tz or DEFAULT_TZ
    return zones
