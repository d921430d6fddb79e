"""The randomized holdout: students drawn once per school year into treatment or holdout,
balanced within each school-and-tier stratum, reproducible from the recorded seed, never
changed; holdout families get no wake-up offer and no praise, and still get everything they
ask for and everything a person decides (replies, invitations, follow-ups, the wake-up texts
they ask for themselves)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from bot.messages.render import render
from bot.outreach.holdout import arm_at, assign_new, block_plan, draw_order, verify
from bot.tiers import compute_tiers
from config import Config
from models import (
    AttendanceDay,
    Event,
    HoldoutAssignment,
    HoldoutDesign,
    OutboxMessage,
    TierSnapshot,
)
from scheduler.registry import run
from tests.conftest import IS_POSTGRES
from tests.factories import add_conversation, login, make_family, make_school, make_staff, send_sms

FRIDAY, MONDAY, TUESDAY = date(2026, 11, 20), date(2026, 11, 23), date(2026, 11, 24)
TIERS = ("satisfactory", "at_risk", "moderate", "severe")


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """``hour``:``minute`` in Sacramento (UTC-8 in November) on ``day``."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(hours=hour + 8,
                                                                          minutes=minute)


def weekdays(first: date, last: date) -> list[date]:
    return [first + timedelta(n) for n in range((last - first).days + 1)
            if (first + timedelta(n)).weekday() < 5]


@pytest.fixture
def holdout(monkeypatch):
    def turn_on(fraction=0.10, seed=20261203):
        monkeypatch.setattr(Config, "OUTREACH_HOLDOUT", fraction)
        monkeypatch.setattr(Config, "OUTREACH_SEED", seed)
    return turn_on


def snapshot(session, student_id, tier, as_of):
    session.add(TierSnapshot(student_id=student_id, as_of=as_of, enrolled_days=20,
                             absent_days=0, rate=0.0, tier=tier, rate_last_20=0.0,
                             tier_last_20=tier))


def assignments(session):
    return {a.student_id: (a.school_id, a.tier, a.position, a.arm, a.assigned_on)
            for a in session.scalars(select(HoldoutAssignment))}


# --- the draw, as pure functions -------------------------------------------------------------
def test_block_plans_hold_the_fraction_exactly():
    assert block_plan(0.10) == (10, 1)
    assert block_plan(0.25) == (4, 1)
    assert block_plan(0.15) == (20, 3)
    assert block_plan(0.5) == (2, 1)


@pytest.mark.parametrize("fraction", [0.10, 0.15, 0.25])
def test_every_block_of_a_stratum_holds_the_fraction_and_seeds_differ(fraction):
    size, holdouts = block_plan(fraction)
    arms = [arm_at(7, "2026:1:at_risk", p, fraction) for p in range(size * 30)]
    for block in range(30):
        assert arms[block * size:(block + 1) * size].count("holdout") == holdouts
    for n in range(1, len(arms)):  # any prefix: within one block's worth of the fraction
        assert abs(arms[:n].count("holdout") - fraction * n) <= holdouts
    other = [arm_at(8, "2026:1:at_risk", p, fraction) for p in range(size * 30)]
    assert other != arms  # the seed decides where in each block
    assert [arm_at(7, "2026:1:at_risk", p, fraction) for p in range(size * 30)] == arms


def test_the_order_of_one_days_students_comes_from_the_seed_not_the_roster():
    ids = list(range(1, 60))
    assert draw_order(1, ids) == draw_order(1, list(reversed(ids)))
    assert draw_order(1, ids) != draw_order(2, ids)
    assert sorted(draw_order(1, ids)) == ids


# --- the draw on the database ----------------------------------------------------------------
def test_balanced_in_every_stratum_never_changed_and_reproducible(app, session, holdout):
    holdout(0.10)
    schools = [make_school(session, code=f"S{i}", name=f"School {i}") for i in range(3)]
    sizes = {"satisfactory": 41, "at_risk": 23, "moderate": 12, "severe": 7}
    students = []
    for i, school in enumerate(schools):
        for tier, size in sizes.items():
            for n in range(size + i):
                family = make_family(session, school=school,
                                     phone=f"+1916{i}{n:03d}{len(tier):03d}",
                                     guardian_name=f"G {tier} {n}", children=(f"K{n}",))
                snapshot(session, family.students[0].id, tier, FRIDAY)
                students.append((family.students[0].id, school.id, tier))
    session.commit()

    first = assign_new(session, FRIDAY)
    session.commit()
    assert first.assigned == len(students) and first.seed == 20261203
    by_stratum = defaultdict(Counter)
    for _, (school, tier, _, arm, _) in assignments(session).items():
        by_stratum[(school, tier)][arm] += 1
    assert len(by_stratum) == 12
    for counts in by_stratum.values():  # within one student of 10 % in every stratum
        n = counts["treatment"] + counts["holdout"]
        assert n // 10 <= counts["holdout"] <= -(-n // 10)
    day_one = assignments(session)

    # The next week every tier moves and new students arrive: nobody already drawn changes.
    later = MONDAY
    for student, _, tier in students:
        snapshot(session, student, TIERS[(TIERS.index(tier) + 1) % 4], later)
    newcomers = []
    for n in range(25):
        family = make_family(session, school=schools[0], phone=f"+1916777{n:04d}",
                             guardian_name=f"New {n}", children=(f"N{n}",))
        snapshot(session, family.students[0].id, "at_risk", later)
        newcomers.append(family.students[0].id)
    session.commit()
    second = assign_new(session, later, seed=99)  # a different seed is refused for the year
    session.commit()
    assert second.assigned == 25 and second.seed == 20261203
    assert "stays 20261203" in " ".join(second.notes)
    now = assignments(session)
    assert {s: now[s] for s in day_one} == day_one
    taken = sorted(now[s][2] for s in newcomers)  # they continue the stratum's places
    assert taken == list(range(23, 48))  # school S0 had 23 at risk students: 0 to 22
    assert assign_new(session, later).assigned == 0
    assert verify(session) == []

    # Tampering is found: one holdout student quietly moved to treatment.
    row = session.scalar(select(HoldoutAssignment).where(HoldoutAssignment.arm == "holdout"))
    row.arm = "treatment"
    session.commit()
    assert [line for line in verify(session) if "recorded treatment" in line]


def test_holdout_off_draws_nobody(app, session):
    family = make_family(session)
    snapshot(session, family.students[0].id, "at_risk", FRIDAY)
    session.commit()
    assert assign_new(session, FRIDAY).assigned == 0
    assert session.scalar(select(HoldoutDesign)) is None


def test_cli_assign_export_and_verify(app, session, runner, holdout):
    holdout(0.25)
    school = make_school(session)
    for n in range(8):
        family = make_family(session, school=school, phone=f"+191655501{n:02d}",
                             guardian_name=f"G{n}", children=(f"K{n}",))
        snapshot(session, family.students[0].id, "moderate", FRIDAY)
    session.commit()
    out = runner.invoke(args=["outreach", "assign", "--at", "2026-11-20"])
    assert out.exit_code == 0, out.output
    assert "seed 20261203, holdout fraction 0.25" in out.output
    assert "assigned 8: 6 treatment, 2 holdout" in out.output
    lines = runner.invoke(args=["export", "groups"]).output.splitlines()
    assert lines[0] == "student_id,school,tier_at_assignment,group,assigned_on"
    rows = [line.split(",") for line in lines[1:]]
    assert len(rows) == 8 and Counter(r[3] for r in rows) == {"treatment": 6, "holdout": 2}
    assert {(r[1], r[2], r[4]) for r in rows} == {("BHE", "moderate", "2026-11-20")}
    checked = runner.invoke(args=["outreach", "verify"])
    assert checked.exit_code == 0 and "every assignment is what its seed says" in checked.output


# --- what holdout families get ---------------------------------------------------------------
def test_holdout_families_get_no_offer_or_praise_and_everything_else(
        app, session, client, fake_rasa, holdout):
    holdout(0.25)
    school = make_school(session)
    families = [make_family(session, school=school, phone=f"+191655502{n:02d}",
                            guardian_name=f"Guardian {n}", children=(f"Kid{n}",),
                            language="es")
                for n in range(20)]
    school_days = weekdays(date(2026, 10, 26), FRIDAY)  # 20 school days
    for family in families:
        for day in school_days:  # absent the first two (10 %: moderate), then 18 in a row
            status = "absent" if day < date(2026, 10, 28) else "present"
            session.add(AttendanceDay(student_id=family.students[0].id, day=day, status=status))
    compute_tiers(session, FRIDAY)
    session.commit()
    db = app.extensions["db"]

    drawn = run("holdout", local(FRIDAY, 16, 25), db)
    assert (drawn.assigned, drawn.holdout) == (20, 5)
    arm = {a.student_id: a.arm for a in session.scalars(select(HoldoutAssignment))}
    phone_arm = {f.phone: arm[f.students[0].id] for f in families}
    treated = {p for p, a in phone_arm.items() if a == "treatment"}
    held = set(phone_arm) - treated

    praise = run("praise", local(FRIDAY, 16, 30), db)
    followups = run("followups", local(FRIDAY, 16, 45), db)
    assert praise.skipped["holdout (comparison group)"] == 5
    assert followups.skipped["holdout (comparison group)"] == 5

    def sent(kind):
        session.expire_all()
        return {row.to for row in session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == kind))}

    assert sent("praise") == treated
    assert sent("nudge_offer") == treated

    # A holdout family that asks for wake-up texts itself gets them.
    asker = next(f for f in families if f.phone in held)
    session.merge(asker).nudge_opt_in = True
    session.merge(asker).nudge_time = time(6, 30)
    session.commit()
    run("nudges", local(MONDAY, 6, 31), db)
    assert asker.phone in sent("nudge")

    # Silent absences are followed up for every family, holdout or not.
    for family in families:
        for day in (MONDAY, TUESDAY):
            session.add(AttendanceDay(student_id=family.students[0].id, day=day,
                                      status="absent"))
    session.commit()
    run("followups", local(TUESDAY, 16, 45), db)
    assert sent("followup") == set(phone_arm)

    # Invitations go to every family of the school.
    session.add(Event(code="night", school_id=school.id, title="Family Night",
                      starts_at=local(date(2026, 12, 10), 17, 30), place="Library",
                      invite_days_before=14))
    session.commit()
    from bot.outreach.invitations import queue_invitations

    with db.session() as s:
        queue_invitations(s, local(date(2026, 11, 26), 10, 5))
    assert sent("invitation") == set(phone_arm)

    # And the bot answers a holdout family like any other.
    reply = send_sms(client, "gracias", sender=sorted(held)[0])
    assert fake_rasa.sent and fake_rasa.sent[-1]["text"] == "gracias"
    assert render({"template": "thanks"}, "es") in reply.get_data(as_text=True)


def test_staff_see_on_the_family_panel_that_a_child_is_in_the_holdout_and_why(
        app, session, client, holdout):
    holdout(0.5)
    school = make_school(session)
    families = [make_family(session, school=school, phone=f"+191655503{n:02d}",
                            guardian_name=f"Parent {n}", children=(f"Kid{n}",))
                for n in range(4)]
    for family in families:
        snapshot(session, family.students[0].id, "at_risk", date.today())
    make_staff(session, "clerk@school.org", schools=[school])
    session.commit()
    assign_new(session, date.today())
    session.commit()
    arm = {a.student_id: a.arm for a in session.scalars(select(HoldoutAssignment))}
    login(client, "clerk@school.org")
    for family in families:
        conv = add_conversation(session, guardian=family, school=school)
        session.commit()
        html = client.get(f"/admin/c/{conv.id}").get_data(as_text=True)
        shown = "In the comparison group" in html and "no attendance praise" in html
        assert shown == (arm[family.students[0].id] == "holdout")


@pytest.mark.skipif(not IS_POSTGRES, reason="PostgreSQL: several processes draw at once")
def test_two_draws_at_the_same_moment_assign_each_student_once(app, session, holdout):
    import threading

    holdout(0.10)
    school = make_school(session)
    for n in range(40):
        family = make_family(session, school=school, phone=f"+191655504{n:02d}",
                             guardian_name=f"G{n}", children=(f"K{n}",))
        snapshot(session, family.students[0].id, "at_risk", FRIDAY)
    session.commit()
    db, start, results = app.extensions["db"], threading.Barrier(2), []

    def draw():
        start.wait()
        with db.session() as s:
            results.append(assign_new(s, FRIDAY).assigned)

    threads = [threading.Thread(target=draw) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == [0, 40]
    assert len(assignments(session)) == 40 and verify(session) == []


def test_the_demo_district_is_drawn_with_its_fixed_seed(app, session, holdout):
    from bot.demo.seed import DEMO_SEED, seed
    from models import Student

    holdout(0.10, seed=None)
    assert seed(session)
    session.commit()
    design = session.scalar(select(HoldoutDesign))
    assert design.seed == DEMO_SEED
    students = session.scalars(select(Student.id)).all()
    assert set(assignments(session)) == set(students) and verify(session) == []


@pytest.mark.parametrize("raw", ["10", "-0.1", "ten percent"])
def test_a_holdout_share_that_cannot_be_one_is_refused_at_start(raw):
    import os
    import subprocess
    import sys

    from config import ROOT

    done = subprocess.run([sys.executable, "-c", "import config"], cwd=ROOT, text=True,
                          capture_output=True, env={**os.environ, "OUTREACH_HOLDOUT": raw})
    assert done.returncode != 0 and "OUTREACH_HOLDOUT must be a share" in done.stderr
