"""Sessions live on the server, for staff and for families: signing out ends them (a copied
cookie stops working); a failed sign-in is audited with the account tried; repeated failures
are refused with 429."""

import re

from sqlalchemy import select

from models import AuditEvent, WebSession
from tests.factories import chat_sign_in, login, make_family, make_school, make_staff, post


def test_a_copied_cookie_stops_working_after_sign_out(app, session):
    clerk = make_staff(session, "clerk@school.org", schools=[make_school(session)])
    session.commit()
    browser, thief = app.test_client(), app.test_client()
    assert login(browser, "clerk@school.org").status_code == 302
    cookie = browser.get_cookie("session")
    thief.set_cookie("session", cookie.value)
    assert thief.get("/admin/").status_code == 200  # the copy works while the session lives
    assert post(browser, "/admin/logout").status_code == 302
    assert thief.get("/admin/").status_code == 302  # ended on the server: back to sign-in
    ended = session.scalars(select(WebSession).where(WebSession.staff_id == clerk.id)).all()
    assert len(ended) == 1 and ended[0].ended_at is not None
    assert len(ended[0].token_hash) == 64 and cookie.value.find(ended[0].token_hash) == -1


def test_a_failed_sign_in_says_which_account_was_tried(client, session):
    clerk = make_staff(session, "clerk@school.org", schools=[make_school(session)])
    session.commit()
    login(client, "Clerk@School.org", password="wrong")
    login(client, "nobody@school.org", password="wrong")
    failed = session.scalars(select(AuditEvent).where(AuditEvent.action == "login_failed")
                             .order_by(AuditEvent.id)).all()
    assert [(e.subject_id, e.details) for e in failed] == [
        (clerk.id, {}), (None, {"unknown_email": "nobody@school.org"})]


def test_repeated_failures_for_one_account_are_refused_with_429(app, client, session):
    make_staff(session, "clerk@school.org", schools=[make_school(session)])
    make_staff(session, "other@school.org", role="district")
    session.commit()
    for _ in range(5):
        assert login(client, "clerk@school.org", password="guess").status_code == 401
    refused = login(client, "clerk@school.org")  # even the right password, for now
    assert refused.status_code == 429 and "Too many failed attempts" in refused.get_data(
        as_text=True)
    assert login(client, "other@school.org").status_code == 302  # another account is fine
    assert session.scalar(select(AuditEvent.id).where(
        AuditEvent.action == "login_rate_limited")) is not None


def test_successful_sign_ins_never_count(client, session):
    make_staff(session, "clerk@school.org", schools=[make_school(session)])
    session.commit()
    for _ in range(8):
        assert login(client, "clerk@school.org").status_code == 302


def test_a_copied_family_chat_cookie_stops_working_after_sign_out(app, session):
    guardian = make_family(session)
    session.commit()
    family, thief = app.test_client(), app.test_client()
    chat_sign_in(family, app, guardian.id)
    thief.set_cookie("session", family.get_cookie("session").value)
    assert thief.get("/chat/messages").status_code == 200
    page = family.get("/chat").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    assert family.post("/chat/logout", data={"csrf": token}).status_code == 303
    assert thief.get("/chat/messages").status_code == 401
