"""Quiet hours (20:00-07:00 in the school's time zone): next_allowed() and how enqueue/drain use
it. Times are written in local wall-clock time and converted, so a wrong zone or a naive
"now + 9.5 hours" fails here."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.outbox import drain, enqueue, next_allowed
from bot.outbox.quiet_hours import DEFAULT_TZ, guardian_timezone, parse_window
from models import Guardian, OutboxMessage
from tests.factories import make_family, make_school

LA = ZoneInfo("America/Los_Angeles")
NY = ZoneInfo("America/New_York")
QUIET = "20:00-07:00"


def local(tz, *args) -> datetime:
    """A wall-clock time in ``tz``, as aware UTC (what callers pass in)."""
    return datetime(*args, tzinfo=tz).astimezone(UTC)


def as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# --- next_allowed --------------------------------------------------------------------------
@pytest.mark.parametrize("wall, expected", [
    ((2026, 11, 23, 21, 30), (2026, 11, 24, 7, 0)),   # evening: next morning
    ((2026, 11, 23, 20, 0), (2026, 11, 24, 7, 0)),    # start is inside the window
    ((2026, 11, 23, 23, 59), (2026, 11, 24, 7, 0)),
    ((2026, 11, 24, 0, 0), (2026, 11, 24, 7, 0)),     # after midnight: same morning
    ((2026, 11, 24, 6, 59), (2026, 11, 24, 7, 0)),
    ((2026, 11, 24, 7, 0), (2026, 11, 24, 7, 0)),     # end is outside the window: now
    ((2026, 11, 24, 12, 0), (2026, 11, 24, 12, 0)),
    ((2026, 11, 24, 19, 59), (2026, 11, 24, 19, 59)),
])
def test_quiet_hours_span_midnight_in_los_angeles(wall, expected):
    assert next_allowed(local(LA, *wall), "America/Los_Angeles", QUIET) == local(LA, *expected)


def test_result_is_aware_utc():
    result = next_allowed(local(LA, 2026, 11, 23, 21, 30), "America/Los_Angeles", QUIET)
    assert result.utcoffset().total_seconds() == 0
    assert result == datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # 07:00 PST = 15:00 UTC


def test_summer_time_uses_pdt():
    assert next_allowed(local(LA, 2026, 6, 10, 21, 30), LA, QUIET) == \
        datetime(2026, 6, 11, 14, 0, tzinfo=UTC)  # 07:00 PDT = 14:00 UTC


def test_dst_ending_overnight_still_ends_at_seven_on_the_wall_clock():
    # 2026-11-01 02:00 PDT -> 01:00 PST: the night is 10.5 hours long, not 9.5.
    result = next_allowed(local(LA, 2026, 10, 31, 21, 30), LA, QUIET)
    assert result == datetime(2026, 11, 1, 15, 0, tzinfo=UTC)
    assert result.astimezone(LA).hour == 7


def test_the_schools_zone_decides():
    now = local(NY, 2026, 11, 23, 21, 30)  # 18:30 in Los Angeles: not quiet there
    assert next_allowed(now, "America/Los_Angeles", QUIET) == now
    assert next_allowed(now, "America/New_York", QUIET) == local(NY, 2026, 11, 24, 7, 0)


def test_naive_now_is_taken_as_utc():
    naive = datetime(2026, 11, 24, 5, 30)  # 21:30 PST
    assert next_allowed(naive, LA, QUIET) == local(LA, 2026, 11, 24, 7, 0)


def test_same_day_window_and_no_window():
    noon = local(LA, 2026, 11, 24, 12, 30)
    assert next_allowed(noon, LA, "12:00-13:00") == local(LA, 2026, 11, 24, 13, 0)
    assert next_allowed(noon, LA, "") == noon
    assert next_allowed(noon, LA, "08:00-08:00") == noon


@pytest.mark.parametrize("bad", ["20-07", "20:00", "8pm-7am", "25:00-07:00"])
def test_malformed_window_is_refused(bad):
    with pytest.raises(ValueError, match="QUIET_HOURS"):
        parse_window(bad)


def test_unknown_time_zone_falls_back_to_the_default():
    now = local(LA, 2026, 11, 23, 21, 30)
    assert next_allowed(now, "Mars/Olympus_Mons", QUIET) == local(LA, 2026, 11, 24, 7, 0)


# --- enqueue and drain ---------------------------------------------------------------------
class Recorder:
    name = "recorder"

    def __init__(self):
        self.sent = []

    def send(self, message):
        self.sent.append(message.id)
        return f"SM{message.id:032x}"


@pytest.fixture
def db(app):
    return app.extensions["db"]


def test_message_at_2130_waits_until_0700_and_urgent_goes_now(db):
    evening = local(LA, 2026, 11, 23, 21, 30)
    with db.session() as s:
        g = make_family(s)
        held = enqueue(s, key="invite:1", guardian=g, body="Family night Thursday", kind="invite",
                       now=evening, quiet=QUIET)
        urgent = enqueue(s, key="staff:1", guardian=g, body="School closed tomorrow",
                         kind="staff_reply", urgent=True, now=evening, quiet=QUIET)
        nudge = enqueue(s, key="nudge:1", guardian=g, body="Good morning!", kind="nudge",
                        now=evening, quiet=QUIET)
        ids = held.id, urgent.id, nudge.id
    with db.session() as s:
        held, urgent, nudge = (s.get(OutboxMessage, i) for i in ids)
        assert as_utc(held.not_before) == local(LA, 2026, 11, 24, 7, 0)
        assert as_utc(urgent.not_before) == evening
        assert as_utc(nudge.not_before) == evening  # the family chose this time
        assert {held.status, urgent.status, nudge.status} == {"queued"}

    recorder = Recorder()
    drain(db, recorder, now=evening, rate_per_second=0)
    assert sorted(recorder.sent) == sorted([ids[1], ids[2]])
    drain(db, recorder, now=local(LA, 2026, 11, 24, 6, 59), rate_per_second=0)
    assert ids[0] not in recorder.sent
    counts = drain(db, recorder, now=local(LA, 2026, 11, 24, 7, 0), rate_per_second=0)
    assert counts["sent"] == 1 and recorder.sent[-1] == ids[0]


def test_guardian_zone_is_the_first_students_school(db):
    evening_ny = local(NY, 2026, 11, 23, 21, 30)  # 18:30 in Los Angeles
    with db.session() as s:
        ny = make_school(s, code="NYC", name="Brooklyn Elementary", timezone="America/New_York")
        g = make_family(s, school=ny, phone="+17185550101")
        assert guardian_timezone(s, g) == "America/New_York"
        row = enqueue(s, key="invite:ny", guardian=g, body="Taller de padres", kind="invite",
                      now=evening_ny, quiet=QUIET)
        assert as_utc(row.not_before) == local(NY, 2026, 11, 24, 7, 0)


def test_guardian_without_students_uses_the_default_zone(db):
    with db.session() as s:
        g = Guardian(name="Ana Ruiz", phone="+19165550177", language="es")
        s.add(g)
        s.flush()
        assert guardian_timezone(s, g) == DEFAULT_TZ == "America/Los_Angeles"
