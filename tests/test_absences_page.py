"""/admin/absences: the clerk's work list — scoped, filtered, marked entered in the SIS one or
many at a time, downloaded as the CLI's CSV, every step audited."""

import csv
import io
from datetime import date

from sqlalchemy import select

from models import AbsenceReport, AuditEvent
from tests.factories import add_conversation, login, make_family, make_school, make_staff, post


def report(session, student, guardian, day, reason="illness", kind="absence", text=None):
    message_id = None
    if text:
        conv = add_conversation(session, guardian=guardian, state="bot",
                                messages=[(text, guardian.language, text)])
        message_id = conv.messages[-1].id
    row = AbsenceReport(student_id=student.id, guardian_id=guardian.id, day=day, kind=kind,
                        reason=reason, message_id=message_id)
    session.add(row)
    session.flush()
    return row


def world(session):
    alder = make_school(session, code="A", name="Alder")
    birch = make_school(session, code="B", name="Birch")
    lopez = make_family(session, school=alder, children=("Sofia", "Mateo"))
    li = make_family(session, school=birch, phone="+19165550102", guardian_name="Li Wei",
                     language="zh", children=("Ming",))
    sofia, mateo = lopez.students
    rows = {
        "sofia_ill": report(session, sofia, lopez, date(2026, 12, 1), text="Sofia is sick"),
        "mateo_late": report(session, mateo, lopez, date(2026, 12, 2), reason="overslept",
                             kind="tardy"),
        "sofia_bus": report(session, sofia, lopez, date(2026, 12, 3), reason="transportation"),
        "ming": report(session, li.students[0], li, date(2026, 12, 1)),
    }
    make_staff(session, "clerk.a@school.org", schools=[alder])
    make_staff(session, "district@district.org", role="district")
    session.commit()
    return alder, birch, rows


def audits(session, action):
    return session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                           .order_by(AuditEvent.id)).all()


def test_a_clerk_sees_her_schools_reports_filters_and_marks_them_entered(client, session):
    alder, birch, rows = world(session)
    login(client, "clerk.a@school.org")
    html = client.get("/admin/absences").get_data(as_text=True)
    assert html.count('name="report"') == 3 and "Ming" not in html
    assert "“Sofia is sick”" in html
    assert audits(session, "read_absences")[-1].details["reports"] == [
        rows["sofia_ill"].id, rows["mateo_late"].id, rows["sofia_bus"].id]

    tardies = client.get("/admin/absences?kind=tardy").get_data(as_text=True)
    assert "Mateo" in tardies and "Sofia" not in tardies
    by_reason = client.get("/admin/absences?reason=transportation&since=2026-12-02")
    assert by_reason.get_data(as_text=True).count('name="report"') == 1

    done = post(client, "/admin/absences/entered", f_kind="absence",
                report=[str(rows["sofia_ill"].id), str(rows["sofia_bus"].id)])
    assert done.status_code == 302 and "kind=absence" in done.headers["Location"]
    session.expire_all()
    assert session.get(AbsenceReport, rows["sofia_ill"].id).entered_at is not None
    assert session.get(AbsenceReport, rows["mateo_late"].id).entered_at is None
    assert audits(session, "absences_entered")[-1].details == {
        "reports": sorted([rows["sofia_ill"].id, rows["sofia_bus"].id]), "newly_marked": 2}
    # To enter (the default) now shows only what is left; Entered shows the rest.
    assert client.get("/admin/absences").get_data(as_text=True).count('name="report"') == 1
    assert "entered Dec" in client.get("/admin/absences?entered=entered").get_data(as_text=True)


def test_another_schools_reports_are_404_by_id_filter_and_export(client, session):
    alder, birch, rows = world(session)
    login(client, "clerk.a@school.org")
    assert post(client, "/admin/absences/entered", report=[str(rows["ming"].id)]
                ).status_code == 404
    # One foreign id among her own marks nothing at all.
    assert post(client, "/admin/absences/entered",
                report=[str(rows["sofia_ill"].id), str(rows["ming"].id)]).status_code == 404
    assert post(client, "/admin/absences/entered", report=["99999999999"]).status_code == 404
    session.expire_all()
    assert session.get(AbsenceReport, rows["sofia_ill"].id).entered_at is None
    assert client.get(f"/admin/absences?school={birch.id}").status_code == 404
    assert client.get(f"/admin/absences.csv?school={birch.id}").status_code == 404
    assert client.get("/admin/absences?school=abc").status_code == 404
    body = client.get("/admin/absences.csv?entered=all").get_data(as_text=True)
    assert "Ming" not in body and "+19165550102" not in body


def test_the_csv_is_the_clis_format_scoped_and_audited(client, runner, session):
    alder, birch, rows = world(session)
    login(client, "clerk.a@school.org")
    response = client.get("/admin/absences.csv?entered=all")
    assert response.headers["Content-Disposition"] == "attachment; filename=absences.csv"
    page_rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    cli_rows = list(csv.reader(io.StringIO(runner.invoke(args=["export", "absences"]).output)))
    assert page_rows[0] == cli_rows[0]  # the same columns
    # The CLI has every school; the clerk's download has exactly her school's rows of it.
    assert page_rows[1:] == [row for row in cli_rows[1:] if row[4] == "+19165550101"]
    assert len(page_rows) == 4
    assert audits(session, "export_absences")[-1].details == {"rows": 3,
                                                              "filter": {"entered": "all"}}


def test_the_district_sees_every_school_and_can_pick_one(client, session):
    alder, birch, rows = world(session)
    login(client, "district@district.org")
    assert client.get("/admin/absences").get_data(as_text=True).count('name="report"') == 4
    only_birch = client.get(f"/admin/absences?school={birch.id}").get_data(as_text=True)
    assert only_birch.count('name="report"') == 1 and "Ming" in only_birch
