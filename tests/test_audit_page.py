"""/admin/audit: district staff read who did what, filtered; school staff get 404; reading the
log is audited too."""

from datetime import timedelta

from sqlalchemy import select

from models import AuditEvent
from models.base import utcnow
from tests.factories import add_conversation, login, make_family, make_school, make_staff


def rows(response) -> str:
    """The table of events, without the filter's option lists."""
    return response.get_data(as_text=True).partition("<tbody>")[2]


def test_district_staff_filter_the_log_and_clerks_get_404(client, session):
    alder = make_school(session, code="A", name="Alder")
    family = make_family(session, school=alder)
    conv = add_conversation(session, guardian=family, school=alder)
    clerk = make_staff(session, "clerk.a@school.org", schools=[alder], name="Ana Clerk")
    make_staff(session, "district@district.org", role="district", name="Dee District")
    session.add(AuditEvent(staff_id=clerk.id, action="export_absences",
                           subject_type="absence_report", subject_id=None, details={"rows": 7},
                           created_at=utcnow() - timedelta(days=3)))
    session.commit()

    login(client, "clerk.a@school.org")
    client.get(f"/admin/c/{conv.id}")  # audited as read_conversation
    assert client.get("/admin/audit").status_code == 404
    assert 'href="/admin/audit"' not in client.get("/admin/").get_data(as_text=True)
    client.post("/admin/logout", data={})

    login(client, "district@district.org")
    html = rows(client.get("/admin/audit"))
    assert "read conversation" in html and f"conversation #{conv.id}" in html
    assert "export absences" in html and "rows: 7" in html
    mine = rows(client.get(f"/admin/audit?staff={clerk.id}&action=read_conversation"))
    assert f"conversation #{conv.id}" in mine and "export absences" not in mine
    today = utcnow().date()
    recent = client.get(f"/admin/audit?action=export_absences&since={today}")
    assert "No audit events match." in recent.get_data(as_text=True)
    old = client.get(f"/admin/audit?action=export_absences&until={today - timedelta(days=2)}")
    assert "rows: 7" in rows(old)
    reads = session.scalars(select(AuditEvent).where(AuditEvent.action == "read_audit")).all()
    assert len(reads) == 4 and reads[1].details == {
        "filter": {"staff": str(clerk.id), "action": "read_conversation"}}
