"""`flask demo seed` and `flask staff create`."""

from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from bot.messages.languages import CODES
from models import AttendanceDay, Event, Guardian, Resource, School, StaffUser, Student


def test_demo_seed_fills_an_empty_database_once(app, runner, session):
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0 and "demo data seeded" in result.output
    schools = session.scalars(select(School)).all()
    assert len(schools) == 10
    assert {s.name for s in schools} >= {"Bret Harte Elementary School"}
    assert {g.language for g in session.scalars(select(Guardian))} == set(CODES)
    assert session.scalar(select(func.count()).select_from(Event)) >= 10 * 8
    assert {r.resource_type for r in session.scalars(select(Resource))} >= {
        "food", "transportation", "clothing", "housing", "health", "home_hospital"}
    multi = [g for g in session.scalars(select(Guardian)) if len(g.students) > 1]
    assert len(multi) >= 5
    # A term of history with every Attendance Works tier represented.
    rates = []
    for student in session.scalars(select(Student)):
        days = session.scalars(select(AttendanceDay).where(
            AttendanceDay.student_id == student.id)).all()
        rates.append(sum(d.status == "absent" for d in days) / len(days))
    assert any(r >= 0.20 for r in rates)
    assert any(0.10 <= r < 0.20 for r in rates)
    assert any(r < 0.05 for r in rates)
    again = runner.invoke(args=["demo", "seed"])
    assert "not seeded" in again.output
    assert session.scalar(select(func.count()).select_from(School)) == 10


def test_staff_create(app, runner, session):
    runner.invoke(args=["demo", "seed"])
    code = session.scalars(select(School.code)).first()
    result = runner.invoke(args=["staff", "create", "Clerk@School.org", "--school", code,
                                 "--role", "school", "--password", "pw-123456"])
    assert result.exit_code == 0, result.output
    user = session.scalar(select(StaffUser).where(StaffUser.email == "clerk@school.org"))
    assert [s.code for s in user.schools] == [code]
    assert check_password_hash(user.password_hash, "pw-123456")
    bad = runner.invoke(args=["staff", "create", "x@y.org", "--school", "NOPE",
                              "--password", "pw"])
    assert bad.exit_code == 2 and "unknown school 'NOPE'" in bad.output
    by_alias = runner.invoke(args=["staff", "create", "z@y.org", "--school", "Bret Harte",
                                   "--password", "pw-123456"])
    assert by_alias.exit_code == 0, by_alias.output


def test_the_demo_is_data_files_not_code(app, runner, session):
    """The seed loads demo/*.csv (the district formats) through the real importers: no Python
    module holds the district's content; the tiers are computed as after any import."""
    from config import ROOT

    assert sorted(p.name for p in (ROOT / "demo").glob("*.csv")) == [
        "calendar.csv", "events.csv", "resources.csv", "roster.csv", "schools.csv"]
    assert not (ROOT / "bot" / "demo" / "data.py").exists()
    runner.invoke(args=["demo", "seed"])
    yousef = session.scalar(select(Student).where(Student.first_name == "Yousef"))
    assert yousef.gender == "m"
    from models import CalendarDay, TierSnapshot

    assert session.scalar(select(func.count()).select_from(CalendarDay)) >= 4
    tiers = set(session.scalars(select(TierSnapshot.tier)))
    assert {"satisfactory", "at_risk", "moderate", "severe"} <= tiers
