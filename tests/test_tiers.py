"""Attendance rates and tiers: band edges, excused absences counted, tardies not, a holiday with
no attendance changes nothing, the last 20 school days, a snapshot per import day, and the
whole path from files to `flask export tiers` on an empty database."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bot.tiers import at_least, compute_tiers, tier
from models import AttendanceDay, TierSnapshot
from tests.factories import make_family


@pytest.mark.parametrize("absent,enrolled,expected", [
    (0, 0, "satisfactory"), (0, 180, "satisfactory"), (499, 10000, "satisfactory"),
    (5, 100, "at_risk"), (999, 10000, "at_risk"), (10, 100, "moderate"),
    (1999, 10000, "moderate"), (20, 100, "severe"), (180, 180, "severe"),
])
def test_band_edges(absent, enrolled, expected):
    assert tier(absent, enrolled) == expected


def test_at_least():
    assert at_least("moderate", "at_risk") and not at_least("satisfactory", "at_risk")


def _days(start: date, count: int) -> list[date]:
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _attend(session, student_id, days, absent=(), tardy=(), excused=()):
    for i, day in enumerate(days):
        status = "absent" if i in absent else "tardy" if i in tardy else "present"
        session.add(AttendanceDay(student_id=student_id, day=day, status=status,
                                  excused=i in excused))
    session.flush()


def test_excused_absences_count_tardies_do_not(app, session):
    kid = make_family(session, children=("Ana",)).students[0]
    days = _days(date(2026, 9, 1), 20)
    _attend(session, kid.id, days, absent={0, 1}, tardy={2, 3, 4, 5}, excused={0})
    compute_tiers(session, days[-1])
    snap = session.scalar(select(TierSnapshot))
    assert (snap.enrolled_days, snap.absent_days, snap.rate, snap.tier) == (20, 2, 0.1,
                                                                             "moderate")


def test_a_holiday_without_attendance_changes_nothing(app, session):
    kid = make_family(session, children=("Ana",)).students[0]
    days = _days(date(2026, 11, 2), 20)
    _attend(session, kid.id, [d for d in days if d != date(2026, 11, 11)], absent={0})
    compute_tiers(session, days[-1])
    first = session.scalar(select(TierSnapshot))
    assert first.enrolled_days == 19 and first.absent_days == 1


def test_the_last_20_days_show_a_student_slipping(app, session):
    kid = make_family(session, children=("Ana",)).students[0]
    days = _days(date(2026, 8, 24), 100)
    _attend(session, kid.id, days, absent={95, 96, 97, 98})  # 4 of the last 5 days
    compute_tiers(session, days[-1])
    snap = session.scalar(select(TierSnapshot))
    assert (snap.tier, snap.rate) == ("satisfactory", 0.04)
    assert snap.rate_last_20 == 0.2 and snap.tier_last_20 == "severe"


def test_only_this_school_years_days_count(app, session):
    kid = make_family(session, children=("Ana",)).students[0]
    _attend(session, kid.id, _days(date(2026, 5, 1), 10), absent=set(range(10)))  # last year
    _attend(session, kid.id, _days(date(2026, 9, 1), 10))
    compute_tiers(session, date(2026, 9, 30))
    assert session.scalar(select(TierSnapshot.tier)) == "satisfactory"


def test_one_snapshot_per_student_per_day(app, session):
    kid = make_family(session, children=("Ana",)).students[0]
    days = _days(date(2026, 9, 1), 10)
    _attend(session, kid.id, days[:5])
    compute_tiers(session, days[4])
    compute_tiers(session, days[4])  # again the same day: replaced, not added
    _attend(session, kid.id, days[5:], absent={0, 1, 2})
    compute_tiers(session, days[9])
    snaps = session.scalars(select(TierSnapshot).order_by(TierSnapshot.as_of)).all()
    assert [(s.as_of, s.tier) for s in snaps] == [(days[4], "satisfactory"),
                                                  (days[9], "severe")]


ROSTER = (
    "student_id,first_name,last_name,grade,school,guardian_name,guardian_phone,language,"
    "relationship\n"
    "S1,Ana,Ruiz,2,BHE,Rosa Ruiz,9165550101,es,mother\n"
    "S2,Leo,Ruiz,4,BHE,Rosa Ruiz,9165550101,es,mother\n"
    "S3,Kim,Ly,1,HWH,Mai Ly,9165550102,vi,mother\n"
)


def test_from_an_empty_database_files_to_export_tiers(app, runner, tmp_path, session):
    (tmp_path / "schools.csv").write_text(
        "code,name,aliases,timezone,start_time,phone,address\n"
        "BHE,Bret Harte Elementary School,,,08:00,,\nHWH,H. W. Harkness Elementary,,,08:00,,\n",
        encoding="utf-8")
    (tmp_path / "calendar.csv").write_text(
        "date,school,kind,note\n2026-09-07,,holiday,Labor Day\n", encoding="utf-8")
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    days = [d for d in _days(date(2026, 8, 27), 21) if d != date(2026, 9, 7)][:20]
    # Ana misses 1 of 20 (5 %: at risk), Leo 2 excused (10 %: moderate), Kim is late 4 times.
    lines = ["student_id,date,status,excused"]
    for i, day in enumerate(days):
        lines.append(f"S1,{day},{'A' if i == 3 else 'P'},")
        lines.append(f"S2,{day:%m/%d/%Y},{'absent' if i in (5, 6) else 'present'},"
                     f"{'yes' if i in (5, 6) else ''}")
        lines.append(f"S3,{day},{'T' if i < 4 else 'P'},")
    (tmp_path / "attendance.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    (tmp_path / "events.csv").write_text(
        "code,school,title,starts_at,ends_at,place,meal,childcare,audience,invite_days_before\n"
        "night,Bret Harte,Family Night,2026-10-21 17:30,2026-10-21 19:00,Gym,dinner,yes,"
        "school,14\n", encoding="utf-8")
    (tmp_path / "resources.csv").write_text(
        "type,name,phone,address,hours,url,languages,school\n"
        "food,Food Bank,9164561980,1951 Bell Ave,,,,\n", encoding="utf-8")
    for noun in ("schools", "calendar", "events", "resources", "roster"):
        result = runner.invoke(args=[noun, "import", str(tmp_path / f"{noun}.csv")])
        assert result.exit_code == 0, result.output
    result = runner.invoke(args=["attendance", "import", str(tmp_path / "attendance.csv"),
                                 "--as-of", days[-1].isoformat()])
    assert result.exit_code == 0, result.output
    assert "60 created" in result.output and "tiers: 3 students" in result.output
    exported = runner.invoke(args=["export", "tiers", "--as-of", days[-1].isoformat()])
    rows = list(csv.DictReader(io.StringIO(exported.output)))
    assert [(r["student_id"], r["school"], r["enrolled_days"], r["absent_days"], r["tier"])
            for r in rows] == [("S1", "BHE", "20", "1", "at_risk"),
                               ("S2", "BHE", "20", "2", "moderate"),
                               ("S3", "HWH", "20", "0", "satisfactory")]
    one = runner.invoke(args=["export", "tiers", "--school", "H.W. Harkness"])
    assert [r["student_id"] for r in csv.DictReader(io.StringIO(one.output))] == ["S3"]
    again = runner.invoke(args=["attendance", "import", str(tmp_path / "attendance.csv"),
                                "--as-of", days[-1].isoformat()])
    assert "0 created, 0 updated, 60 unchanged" in again.output
    fixed = (tmp_path / "attendance.csv").read_text().replace(
        f"S1,{days[3]},A,", f"S1,{days[3]},P,")
    (tmp_path / "fix.csv").write_text(fixed, encoding="utf-8")
    updated = runner.invoke(args=["attendance", "import", str(tmp_path / "fix.csv"),
                                  "--as-of", days[-1].isoformat()])
    assert "0 created, 1 updated, 59 unchanged" in updated.output


def test_the_family_panel_shows_each_childs_rate_and_tier(app, client, session):
    from tests.factories import add_conversation, login, make_school, make_staff

    school = make_school(session)
    guardian = make_family(session, school=school, children=("Ana", "Leo"))
    ana, leo = sorted(guardian.students, key=lambda s: s.first_name)
    days = _days(date(2026, 9, 1), 20)
    _attend(session, ana.id, days, absent={0, 1, 2, 3})
    _attend(session, leo.id, days)
    compute_tiers(session, days[-1])
    conv = add_conversation(session, guardian, school, messages=[("hola", "es", "hello")])
    make_staff(session, "clerk@school.org", schools=[school])
    session.commit()
    login(client, "clerk@school.org")
    html = client.get(f"/admin/c/{conv.id}").get_data(as_text=True)
    assert "absent 4 of 20 days (20.0 %)" in html and "tier-severe" in html
    assert "absent 0 of 20 days (0.0 %)" in html
    simulator = client.get("/admin/simulator", query_string={"guardian": guardian.id})
    assert "tier-severe" in simulator.get_data(as_text=True)
