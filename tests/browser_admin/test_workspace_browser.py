"""The staff workspace in real Chromium, on the demo district: a clerk opens the dashboard and its
charts, marks an absence entered in the SIS, moves a request for help to fulfilled, reads a
family message containing HTML as text, gets 404 for another school's conversation, and a form
without its CSRF token is refused; the district reads all of it in the audit log.
Screenshots of every page in var/screenshots/ (the reply preview, conversation and outreach
list come from test_admin_browser.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bot.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, seed
from models import AbsenceReport, Event, ResourceRequest, Rsvp, StaffUser, Student
from models.base import utcnow
from tests.browser_admin.conftest import shot
from tests.factories import add_conversation

pytestmark = pytest.mark.browser

HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">hola'


@pytest.fixture
def workspace(app, session):
    seed(session)
    clerk = session.scalar(select(StaffUser).where(StaffUser.email == DEMO_LOGINS[1][0]))
    school = clerk.schools[0]
    student = session.scalar(select(Student).where(Student.school_id == school.id)
                             .order_by(Student.id))
    guardian = student.guardian_links[0].guardian
    elsewhere = session.scalar(select(Student).where(Student.school_id != school.id)
                               .order_by(Student.id))
    session.add(AbsenceReport(student_id=student.id, guardian_id=guardian.id,
                              day=date(2026, 12, 2), reason="illness"))
    request = ResourceRequest(guardian_id=guardian.id, school_id=school.id,
                              resource_type="food")
    session.add(request)
    mine = add_conversation(session, guardian=guardian, school=school,
                            messages=[(HOSTILE, "es", "hello")])
    other = add_conversation(session, guardian=elsewhere.guardian_links[0].guardian,
                             school=elsewhere.school, messages=[("hi", "en", "hi")])
    night = Event(code="browser-night", school_id=school.id, title="Math Night",
                  starts_at=utcnow() + timedelta(days=4), childcare=True)
    session.add(night)
    session.flush()
    session.add(Rsvp(event_id=night.id, guardian_id=guardian.id, answer="yes", adults=2,
                     children=3, needs_childcare=True))
    session.commit()
    return {"student": f"{student.first_name} {student.last_name}", "request": request.id,
            "mine": mine.id, "other": other.id, "school": school.id, "guardian": guardian.name}


def _sign_in(page, base, email):
    page.goto(f"{base}/admin/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _clerk_day(page, base, w):
    from playwright.sync_api import expect

    _sign_in(page, base, DEMO_LOGINS[1][0])
    expect(page.locator("#waiting")).to_be_visible()
    shot(page, "inbox")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible()
    expect(page.locator("svg.chart")).to_have_count(6)
    expect(page.locator("#tiers svg")).to_have_attribute("aria-label", "Students per tier")
    page.locator("#tiers summary").click()
    expect(page.locator("#tiers table")).to_contain_text("satisfactory")
    shot(page, "dashboard")

    page.get_by_role("link", name="Absences").click()
    table = page.locator("#absences")
    expect(table).to_contain_text(w["student"])
    table.locator("input[name=report]").first.check()
    shot(page, "absences")
    page.get_by_role("button", name="Mark selected entered in the SIS").click()
    expect(page.locator(".flash.ok")).to_have_text("Marked 1 report(s) entered in the SIS.")
    expect(page.get_by_text("No absence reports match.")).to_be_visible()

    page.get_by_role("link", name="Requests").click()
    row = page.locator(f"#request-{w['request']}")
    row.locator("select[name=status]").select_option("fulfilled")
    row.locator("select[name=assign]").select_option("me")
    row.locator("textarea[name=notes]").fill("Food bank box picked up Thursday")
    shot(page, "requests")
    row.get_by_role("button", name="Save").click()
    expect(page.locator(".flash.ok")).to_have_text("Request updated: food, fulfilled.")

    page.get_by_role("link", name="Events", exact=True).click()
    page.get_by_role("link", name="Math Night").click()
    expect(page.locator("#rsvps")).to_contain_text(w["guardian"])
    expect(page.locator(".numbers")).to_contain_text("2 · 3")
    shot(page, "event")
    page.get_by_role("link", name="← Events").click()
    expect(page.locator("#events")).to_contain_text("Math Night")
    shot(page, "events")
    page.get_by_role("link", name="New event").click()
    page.get_by_label("Code").fill("family-fun-run")
    page.get_by_label("Title, in English").fill("Family Fun Run")
    page.get_by_label("Starts").fill((utcnow() + timedelta(days=20)).strftime("%Y-%m-%dT09:00"))
    page.get_by_label("Childcare offered").check()
    page.get_by_role("button", name="Create event").click()
    expect(page.locator(".flash.ok")).to_contain_text("Event created: Family Fun Run")
    expect(page.locator("#titles")).to_be_visible()

    page.goto(f"{base}/admin/c/{w['mine']}")
    expect(page.locator("li.msg.in .original")).to_have_text(HOSTILE)  # as text
    assert page.evaluate("window.__pwned") is None
    shot(page, "conversation-html-as-text")
    other = page.goto(f"{base}/admin/c/{w['other']}")
    assert other.status == 404
    forged = page.request.post(f"{base}/admin/c/{w['mine']}/close", form={})
    assert forged.status == 400  # no CSRF token

    page.goto(f"{base}/admin/")
    page.get_by_role("link", name="Saved replies").click()
    page.get_by_label("Title").fill("Note received")
    page.get_by_label("Language").select_option("es")
    page.get_by_label("What the family reads").fill("Recibimos la nota. Gracias.")
    page.get_by_label("What it says, in English").fill("We got the note. Thank you.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#saved")).to_contain_text("Recibimos la nota. Gracias.")
    shot(page, "saved-replies")


def _district_audit(page, base):
    from playwright.sync_api import expect

    _sign_in(page, base, DEMO_LOGINS[0][0])
    page.get_by_role("link", name="Audit").click()
    table = page.locator("#audit")
    for action in ("absences entered", "update request", "read conversation",
                   "read dashboard"):
        expect(table).to_contain_text(action)
    page.get_by_label("Action").select_option("update_request")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#audit tbody tr")).to_have_count(1)
    shot(page, "audit")
    page.get_by_role("link", name="Staff", exact=True).click()
    expect(page.locator("#staff")).to_contain_text(DEMO_LOGINS[1][0])
    shot(page, "staff")


def test_a_clerks_morning_then_the_district_reads_the_audit(browser_thread, live_server,
                                                             workspace, session):
    browser_thread.run(_clerk_day, live_server, workspace)
    browser_thread.run(_district_audit, live_server)
    session.expire_all()
    assert session.scalar(select(AbsenceReport)).entered_at is not None
    request = session.get(ResourceRequest, workspace["request"])
    assert (request.status, request.notes) == ("fulfilled", "Food bank box picked up Thursday")
