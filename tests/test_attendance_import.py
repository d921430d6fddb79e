"""`flask attendance import`: statuses, date formats, bad rows, re-import; then praise and
follow-ups."""

from datetime import date, timedelta

from sqlalchemy import select

from bot.web.extensions import district_today
from models import AttendanceDay, OutboxMessage
from tests.factories import make_family


def test_attendance_import_good_bad_and_reimport(app, runner, tmp_path, session):
    with app.extensions["db"].session() as s:
        sis = make_family(s, children=("Sofia",)).students[0].sis_id
    path = tmp_path / "att.csv"
    path.write_text(
        "student_id,date,status,excused\n"
        f"{sis},2026-11-16,P,\n"           # 2
        f"{sis},11/17/2026,absent,yes\n"   # 3
        f"{sis},2026-11-18,T,no\n"         # 4
        "99999,2026-11-18,A,\n"            # 5 unknown student
        f"{sis},18/11/2026,A,\n"           # 6 bad date
        f"{sis},2026-11-19,sick,\n"        # 7 bad status
    )
    result = runner.invoke(args=["attendance", "import", str(path)])
    assert result.exit_code == 1
    assert f"{path}:5: rejected: unknown student_id '99999'" in result.output
    assert f"{path}:6: rejected: date '18/11/2026'" in result.output
    assert f"{path}:7: rejected: status 'sick'" in result.output
    rows = {r.day: (r.status, r.excused) for r in session.scalars(select(AttendanceDay))}
    assert rows == {
        date(2026, 11, 16): ("present", False),
        date(2026, 11, 17): ("absent", True),
        date(2026, 11, 18): ("tardy", False),
    }
    again = runner.invoke(args=["attendance", "import", str(path)])
    assert "0 created, 0 updated, 3 unchanged" in again.output
    fix = tmp_path / "fix.csv"
    fix.write_text(f"student_id,date,status\n{sis},2026-11-16,A\n")
    assert "1 updated" in runner.invoke(args=["attendance", "import", str(fix)]).output
    session.expire_all()
    assert session.scalar(select(AttendanceDay.status).where(
        AttendanceDay.day == date(2026, 11, 16))) == "absent"


def _last_weekdays(app, count: int) -> list[date]:
    with app.app_context():
        day, days = district_today(), []
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def test_an_import_runs_praise_and_follow_ups_at_once(app, runner, tmp_path, session):
    with app.extensions["db"].session() as s:
        sis = make_family(s, children=("Sofia",)).students[0].sis_id
    path = tmp_path / "att.csv"
    path.write_text("student_id,date,status\n" + "".join(
        f"{sis},{day.isoformat()},A\n" for day in _last_weekdays(app, 2)))
    quiet = runner.invoke(args=["attendance", "import", "--no-outreach", str(path)])
    assert quiet.exit_code == 0 and "followups" not in quiet.output
    assert session.scalar(select(OutboxMessage.id)) is None
    result = runner.invoke(args=["attendance", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "praise: queued 0" in result.output and "followups: queued 1" in result.output
    assert session.scalar(select(OutboxMessage.kind)) == "followup"
