"""The clock's questions answered through the real Rasa and action server: a family asked about
two silent absences replies with a reason (or a need) and it is recorded for those days; a
family offered wake-up texts says yes in Hmong and gets them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.messages.render import render
from bot.outreach.followups import queue_followups
from bot.outreach.offers import queue_nudge_offers
from models import AbsenceReport, AttendanceDay, Guardian, OutreachAsk, TierSnapshot
from tests.integration.helpers import Family

pytestmark = pytest.mark.rasa
LA = ZoneInfo("America/Los_Angeles")


def last_weekdays(count: int):
    day, days = datetime.now(LA).date(), []
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def absent(app, family, child, days):
    with app.extensions["db"].session() as s:
        for day in days:
            s.add(AttendanceDay(student_id=family.children[child], day=day, status="absent"))
        s.flush()
        assert queue_followups(s, datetime.now(UTC)).queued == 1


def reports(app, family):
    with app.extensions["db"].session() as s:
        return [(r.student_id, r.day, r.reason) for r in s.scalars(
            select(AbsenceReport).order_by(AbsenceReport.day))]


@pytest.mark.parametrize(("language", "reply", "reason"), [
    ("es", "perdón, estaba enferma con fiebre", "illness"),
    ("vi", "cháu bị ốm, sốt cao", "illness"),
])
def test_a_reason_in_reply_to_a_follow_up_is_for_the_days_asked_about(live_app, language,
                                                                       reply, reason):
    family = Family(live_app, language=language, children=("Sofia", "Mateo"))
    days = last_weekdays(2)
    absent(live_app, family, "Sofia", days)
    replies = family.says(reply)
    assert reports(live_app, family) == [(family.children["Sofia"], d, reason) for d in days]
    assert replies[0] == render({"template": "absence_recorded", "vars": {
        "child": {"list": ["Sofia"]}, "dates": {"dates": [d.isoformat() for d in days]}}},
        language)
    with live_app.extensions["db"].session() as s:
        assert s.scalar(select(OutreachAsk.answered_at)) is not None


def test_a_need_in_reply_to_a_follow_up_is_help_and_the_reason(live_app):
    family = Family(live_app, language="es", children=("Sofia",))
    family.add_resources()
    days = last_weekdays(2)
    absent(live_app, family, "Sofia", days)
    replies = family.says("no tenemos carro para llevarla a la escuela")
    assert reports(live_app, family) == [(family.children["Sofia"], d, "transportation")
                                         for d in days]
    assert any("RydeFreeRT" in r for r in replies)


def test_yes_to_the_offer_of_wake_up_texts_in_hmong(live_app):
    family = Family(live_app, language="hmn", children=("Bao",))
    today = datetime.now(LA).date()
    with live_app.extensions["db"].session() as s:
        s.add(TierSnapshot(student_id=family.children["Bao"], as_of=today, enrolled_days=40,
                           absent_days=3, rate=.075, tier="at_risk", rate_last_20=.1,
                           tier_last_20="moderate"))
        s.flush()
        assert queue_nudge_offers(s, datetime.now(UTC)).queued == 1
    [reply] = family.says("yog")
    with live_app.extensions["db"].session() as s:
        guardian = s.get(Guardian, family.guardian_id)
        assert (guardian.nudge_opt_in, guardian.nudge_time) == (True, None)
    assert reply == render({"template": "nudge_set", "vars": {"time": {"time": "06:45"}}},
                           "hmn")
