"""/admin/outreach: the clock's staff tasks, scoped to the staff member's schools, audited, and
marked done."""

from datetime import date

from sqlalchemy import select

from models import AuditEvent, StaffTask, TierSnapshot
from models.base import utcnow
from tests.factories import login, make_family, make_school, make_staff, post


def task(session, student, kind="silent_absence", **details):
    row = StaffTask(key=f"{kind}:{student.id}", kind=kind, student_id=student.id,
                    school_id=student.school_id, details=details, created_at=utcnow())
    session.add(row)
    session.flush()
    return row


def test_staff_see_their_schools_tasks_and_mark_them_done(client, session):
    alder, birch = make_school(session, code="A", name="Alder"), make_school(session, code="B",
                                                                             name="Birch")
    sofia = make_family(session, school=alder, children=("Sofia",)).students[0]
    ming = make_family(session, school=birch, phone="+19165550102", guardian_name="Li Wei",
                       language="zh", children=("Ming",)).students[0]
    silent = task(session, sofia, days=["2026-11-30", "2026-12-01", "2026-12-02"],
                  family_texted=True)
    severe = task(session, ming, "severe_tier", rate=0.24, tier="severe", last_contact=None)
    session.add(TierSnapshot(student_id=sofia.id, as_of=date(2026, 12, 2), enrolled_days=60,
                             absent_days=8, rate=.1333, tier="moderate", rate_last_20=.2,
                             tier_last_20="severe"))
    make_staff(session, "clerk.a@school.org", schools=[alder])
    make_staff(session, "district@district.org", role="district")
    session.commit()

    login(client, "clerk.a@school.org")
    html = client.get("/admin/outreach").get_data(as_text=True)
    assert "Sofia Lopez" in html and "Ming" not in html  # another school's student
    assert "Absent Mon Nov 30, Tue Dec 1, Wed Dec 2; no reason given" in html
    assert "13 % missed" in html and 'href="tel:+19165550101"' in html
    read = session.scalars(select(AuditEvent).where(AuditEvent.action == "read_outreach")).all()
    assert read[-1].details == {"tasks": [silent.id]}
    assert post(client, f"/admin/outreach/{severe.id}/done").status_code == 404
    assert post(client, f"/admin/outreach/{silent.id}/done").status_code == 302
    session.expire_all()
    assert session.get(StaffTask, silent.id).done_at is not None
    assert "Sofia Lopez" not in client.get("/admin/outreach").get_data(as_text=True)

    client.post("/admin/logout", data={})
    login(client, "district@district.org")
    html = client.get("/admin/outreach").get_data(as_text=True)
    assert "Ming" in html and "24 % of school days missed; no contact on record" in html
