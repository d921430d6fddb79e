"""/admin/staff: district staff invite colleagues (one-time link), set role and schools, and
disable logins (their sessions end at once); school staff get 404."""

import re

from sqlalchemy import select

from models import AuditEvent, StaffUser
from tests.factories import login, make_school, make_staff, post, token


def world(session):
    alder, birch = make_school(session, code="A", name="Alder"), make_school(
        session, code="B", name="Birch")
    make_staff(session, "district@district.org", role="district", name="Dee")
    make_staff(session, "clerk.a@school.org", schools=[alder], name="Ana")
    session.commit()
    return alder, birch


def test_invite_accept_and_sign_in(app, client, session):
    alder, birch = world(session)
    login(client, "district@district.org")
    page = post(client, "/admin/staff", email="New.Clerk@School.org", name="Nia",
                role="school", school=[str(birch.id)])
    link = re.search(r'value="(http://[^"]+/admin/invite/[^"]+)"', page.get_data(as_text=True))
    assert page.status_code == 200 and link
    user = session.scalar(select(StaffUser).where(StaffUser.email == "new.clerk@school.org"))
    assert [s.code for s in user.schools] == ["B"] and user.role == "school"
    # Before accepting, no password works.
    newcomer = app.test_client()
    assert login(newcomer, "new.clerk@school.org", password="anything-at-all").status_code == 401
    path = link.group(1).split("localhost", 1)[-1]
    assert newcomer.get(path).status_code == 200
    short = newcomer.post(path, data={"csrf_token": token(newcomer), "password": "short",
                                      "again": "short"})
    assert short.status_code == 400 and "at least 12" in short.get_data(as_text=True)
    done = newcomer.post(path, data={"csrf_token": token(newcomer),
                                     "password": "a-long-new-password", "again":
                                     "a-long-new-password"})
    assert done.status_code == 302
    assert newcomer.get(path).status_code == 404  # used: the link stops working
    assert login(newcomer, "new.clerk@school.org", password="a-long-new-password"
                 ).status_code == 302
    actions = set(session.scalars(select(AuditEvent.action)))
    assert {"create_staff", "accept_invite"} <= actions


def test_disabling_ends_the_session_and_refuses_sign_in(app, client, session):
    alder, birch = world(session)
    clerk_browser = app.test_client()
    login(clerk_browser, "clerk.a@school.org")
    assert clerk_browser.get("/admin/").status_code == 200
    clerk = session.scalar(select(StaffUser).where(StaffUser.email == "clerk.a@school.org"))
    login(client, "district@district.org")
    assert post(client, f"/admin/staff/{clerk.id}", action="disable").status_code == 302
    assert clerk_browser.get("/admin/").status_code == 302  # signed out at the next click
    assert login(app.test_client(), "clerk.a@school.org").status_code == 401
    assert post(client, f"/admin/staff/{clerk.id}", action="enable").status_code == 302
    assert login(app.test_client(), "clerk.a@school.org").status_code == 302


def test_schools_and_role_change_and_clerks_get_404(client, session):
    alder, birch = world(session)
    clerk = session.scalar(select(StaffUser).where(StaffUser.email == "clerk.a@school.org"))
    login(client, "clerk.a@school.org")
    assert client.get("/admin/staff").status_code == 404
    assert post(client, f"/admin/staff/{clerk.id}", action="save", role="district"
                ).status_code == 404
    client.post("/admin/logout", data={})
    login(client, "district@district.org")
    assert post(client, f"/admin/staff/{clerk.id}", action="save", role="school",
                school=[str(alder.id), str(birch.id)]).status_code == 302
    session.expire_all()
    assert sorted(s.code for s in session.get(StaffUser, clerk.id).schools) == ["A", "B"]
    no_school = post(client, f"/admin/staff/{clerk.id}", action="save", role="school")
    assert no_school.status_code == 400
    me = session.scalar(select(StaffUser).where(StaffUser.role == "district"))
    assert post(client, f"/admin/staff/{me.id}", action="disable").status_code == 400
