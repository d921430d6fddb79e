"""The impact report on simulated districts: a planted effect is found (its interval holds the
planted difference and not zero); with no effect, the interval holds zero in 93-97 % of 200
districts; the stratified estimate is Lin's regression with HC2 errors; small segments are
marked; and the whole path — draw, attendance, `flask report impact` — on the database."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import numpy as np
import pytest
import statsmodels.api as sm
from sqlalchemy import insert, select

from bot.impact import COLUMNS, TOO_SMALL, Unit, compare, segments
from bot.outreach.holdout import assign_new
from config import Config
from models import AttendanceDay, HoldoutAssignment, School, TierSnapshot
from tests.factories import login, make_family, make_school, make_staff
from tests.impact_sim import planted, simulate, units


def test_no_effect_the_interval_holds_zero_in_93_to_97_percent_of_200_districts():
    held = [compare("overall", units(simulate(5000 + k))) for k in range(200)]
    coverage = sum(r.ci_low <= 0 <= r.ci_high for r in held) / len(held)
    assert 0.93 <= coverage <= 0.97, coverage
    # and the estimate is centred on nothing: the mean difference is near zero
    assert abs(np.mean([r.difference for r in held])) < 0.002


def test_a_planted_effect_is_found_and_its_size_is_held():
    districts = [simulate(9000 + k, effect=True) for k in range(100)]
    rows = [compare("overall", units(d)) for d in districts]
    truth = [planted(d) for d in districts]
    assert all(t < -0.02 for t in truth)  # about one day a month less, where there was one
    assert all(r.ci_high < 0 for r in rows)  # found every time
    coverage = np.mean([r.ci_low <= t <= r.ci_high for r, t in zip(rows, truth, strict=True)])
    assert 0.90 <= coverage <= 0.99, coverage


def test_the_stratified_estimate_is_lins_regression_with_hc2_errors():
    data = units(simulate(77, n=1200, schools=2))
    ours = compare("overall", data)
    strata = sorted({u.stratum for u in data})
    for stratum in strata:  # every stratum has both groups: none is pooled
        arms = [u.arm for u in data if u.stratum == stratum]
        assert min(arms.count("treatment"), arms.count("holdout")) >= 2
    y = np.array([u.rate for u in data])
    t = np.array([u.arm == "treatment" for u in data], dtype=float)
    dummies = np.array([[u.stratum == s for s in strata[1:]] for u in data], dtype=float)
    centred = dummies - dummies.mean(axis=0)
    x = np.column_stack([np.ones(len(y)), t, centred, centred * t[:, None]])
    fit = sm.OLS(y, x).fit(cov_type="HC2")
    assert ours.difference == pytest.approx(fit.params[1], abs=1e-12)
    low, high = fit.conf_int(0.05)[1]
    assert (ours.ci_low, ours.ci_high) == (pytest.approx(low, abs=1e-9),
                                           pytest.approx(high, abs=1e-9))
    assert ours.difference == pytest.approx(ours.treated_rate - ours.holdout_rate)


def test_small_segments_are_marked_and_not_read():
    data = [Unit("a", "treatment", 0.1, school="S") for _ in range(100)] + \
           [Unit("a", "holdout", 0.2, school="S") for _ in range(12)]
    [row] = [r for r in segments(data) if r.segment == "school:S"]
    assert (row.treated_n, row.holdout_n, row.note) == (100, 12, TOO_SMALL)
    assert row.difference is None and row.row()[5:8] == ["", "", ""]
    assert row.holdout_rate == pytest.approx(0.2)


def _school_days(first: date, count: int) -> list[date]:
    days, day = [], first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def load(session, plan, assign) -> list[date]:
    """The simulated district into the database: schools, one family per student, a tier
    snapshot on Sept 30, the draw (``assign``), then 40 school days of attendance from Oct 1
    that follow the arms the database drew (and one absence on the draw's day, which must not
    count). Returns the school days."""
    schools = [make_school(session, code=f"S{i}", name=f"School {i}")
               for i in range(max(s.school for s in plan) + 1)]
    assigned_on = date(2026, 9, 30)
    ids = {}
    for s in plan:
        family = make_family(session, school=schools[s.school], phone=f"+1916{s.key:07d}",
                             guardian_name=f"G{s.key}", children=(f"K{s.key}",),
                             language=s.language)
        ids[s.key] = family.students[0].id
        session.add(TierSnapshot(student_id=ids[s.key], as_of=assigned_on, enrolled_days=20,
                                 absent_days=0, rate=0, tier=s.tier, rate_last_20=0,
                                 tier_last_20=s.tier))
    session.commit()
    assign(assigned_on)
    arms = dict(session.execute(select(HoldoutAssignment.student_id,
                                       HoldoutAssignment.arm)).all())
    for s in plan:
        s.arm = arms[ids[s.key]]
    days = _school_days(date(2026, 10, 1), len(plan[0].absent))
    rows = []
    for s in plan:
        observed = s.absent_treated if s.arm == "treatment" else s.absent
        rows += [{"student_id": ids[s.key], "day": day, "status": "absent" if gone else "present",
                  "excused": False} for day, gone in zip(days, observed, strict=True)]
        rows.append({"student_id": ids[s.key], "day": assigned_on, "status": "absent",
                     "excused": False})
    session.execute(insert(AttendanceDay), rows)
    session.commit()
    return days


def test_the_report_on_the_database_finds_the_planted_effect(app, session, runner,
                                                             monkeypatch):
    """A district of 900 students through the real path: tiers, `flask outreach assign`,
    attendance after the draw, `flask report impact`."""
    monkeypatch.setattr(Config, "OUTREACH_HOLDOUT", 0.10)
    monkeypatch.setattr(Config, "OUTREACH_SEED", 424242)
    plan = simulate(31, n=900, schools=2, days=40, effect=True)
    days = load(session, plan, lambda day: runner.invoke(
        args=["outreach", "assign", "--at", day.isoformat()]))

    out = runner.invoke(args=["report", "impact", "--until", days[-1].isoformat()])
    assert out.exit_code == 0, out.output
    table = list(csv.DictReader(io.StringIO(out.output)))
    assert list(table[0]) == COLUMNS
    overall = table[0]
    assert overall["segment"] == "overall"
    truth = planted(plan)
    assert float(overall["ci_low"]) <= truth <= float(overall["ci_high"])
    assert float(overall["ci_high"]) < 0
    expected = compare("overall", units(plan))  # the same students, counted in memory
    assert overall["difference"] == f"{expected.difference:.4f}"
    assert overall["holdout_rate"] == f"{expected.holdout_rate:.4f}"
    assert int(overall["treated_n"]) + int(overall["holdout_n"]) == 900
    names = [row["segment"] for row in table]
    assert names[1:3] == ["school:S0", "school:S1"]
    assert [n for n in names if n.startswith("tier:")] == [
        "tier:satisfactory", "tier:at_risk", "tier:moderate", "tier:severe"]
    assert {n for n in names if n.startswith("language:")} == {
        "language:en", "language:es", "language:hmn"}
    severe = next(row for row in table if row["segment"] == "tier:severe")
    assert severe["note"] == TOO_SMALL and severe["difference"] == ""

    # --since narrows the window: the first month only.
    first_month = runner.invoke(args=["report", "impact", "--since", "2026-10-01",
                                      "--until", days[19].isoformat()])
    month = next(csv.DictReader(io.StringIO(first_month.output)))
    assert month["difference"] != overall["difference"]


def test_the_dashboard_shows_each_staff_member_the_comparison_for_their_schools(
        app, session, client, monkeypatch):
    monkeypatch.setattr(Config, "OUTREACH_HOLDOUT", 0.25)
    plan = simulate(32, n=400, schools=2, days=40, effect=True)
    def draw(day):
        assign_new(session, day)
        session.commit()

    days = load(session, plan, draw)
    first = session.scalar(select(School).where(School.code == "S0"))
    make_staff(session, "clerk@s0.org", schools=[first])
    make_staff(session, "district@district.org", role="district")
    session.commit()
    monkeypatch.setattr("admin.work_routes.district_today", lambda: days[-1])

    login(client, "clerk@s0.org")
    html = client.get("/admin/dashboard").get_data(as_text=True)
    assert "Does the outreach work?" in html and "percentage points" in html
    rows = list(csv.reader(io.StringIO(client.get("/admin/dashboard/impact.csv")
                                       .get_data(as_text=True))))
    assert rows[0] == COLUMNS
    segments_seen = [r[0] for r in rows[1:]]
    assert "school:S0" in segments_seen and "school:S1" not in segments_seen
    overall = rows[1]
    in_s0 = [s for s in plan if s.school == 0]
    assert int(overall[1]) + int(overall[2]) == len(in_s0)

    client = app.test_client()
    login(client, "district@district.org")
    rows = list(csv.reader(io.StringIO(client.get("/admin/dashboard/impact.csv")
                                       .get_data(as_text=True))))
    assert {"school:S0", "school:S1"} <= {r[0] for r in rows[1:]}
    assert int(rows[1][1]) + int(rows[1][2]) == len(plan)


def test_the_dashboards_report_is_kept_until_attendance_moves(app, session, monkeypatch):
    import bot.impact as impact

    calls = []
    monkeypatch.setattr(impact, "report", lambda *args, **kw: calls.append(kw) or [])
    student = make_family(session).students[0]
    day = date(2026, 10, 1)
    session.add(TierSnapshot(student_id=student.id, as_of=day, enrolled_days=20, absent_days=0,
                             rate=0, tier="satisfactory", rate_last_20=0,
                             tier_last_20="satisfactory"))
    session.commit()
    impact.cached_report(session, day)
    impact.cached_report(session, day)
    assert len(calls) == 1  # nothing moved: kept
    impact.cached_report(session, day, [student.school_id])
    assert len(calls) == 2  # another scope is another report
    session.add(TierSnapshot(student_id=student.id, as_of=day + timedelta(days=1),
                             enrolled_days=21, absent_days=0, rate=0, tier="satisfactory",
                             rate_last_20=0, tier_last_20="satisfactory"))
    session.commit()
    impact.cached_report(session, day)
    assert len(calls) == 3  # a new attendance day: computed again
