"""/admin/requests: resource requests worked new → contacted → fulfilled/declined with an assignee
and notes, scoped to the staff member's schools, audited; the inbox shows a family's new ones."""

from sqlalchemy import select

from models import AuditEvent, ResourceRequest
from tests.factories import add_conversation, login, make_family, make_school, make_staff, post


def world(session):
    alder = make_school(session, code="A", name="Alder")
    birch = make_school(session, code="B", name="Birch")
    lopez = make_family(session, school=alder, children=("Sofia",))
    li = make_family(session, school=birch, phone="+19165550102", guardian_name="Li Wei",
                     language="zh", children=("Ming",))
    food = ResourceRequest(guardian_id=lopez.id, school_id=alder.id, resource_type="food")
    bus = ResourceRequest(guardian_id=lopez.id, school_id=None, resource_type="transportation")
    ming = ResourceRequest(guardian_id=li.id, school_id=birch.id, resource_type="housing")
    # District-wide (no school) but the family is Birch's only: not Alder's business.
    ming_bus = ResourceRequest(guardian_id=li.id, school_id=None, resource_type="transportation")
    session.add_all([food, bus, ming, ming_bus])
    conv = add_conversation(session, guardian=lopez, state="bot",
                            messages=[("necesitamos comida", "es", "we need food")])
    clerk = make_staff(session, "clerk.a@school.org", schools=[alder], name="Ana Clerk")
    make_staff(session, "district@district.org", role="district")
    session.commit()
    return {"alder": alder, "birch": birch, "food": food, "bus": bus, "ming": ming,
            "ming_bus": ming_bus, "conv": conv, "clerk": clerk}


def last_audit(session, action):
    return session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                           .order_by(AuditEvent.id.desc())).first()


def test_a_clerk_works_a_request_from_new_to_fulfilled(client, session):
    w = world(session)
    login(client, "clerk.a@school.org")
    html = client.get("/admin/requests").get_data(as_text=True)
    assert f'id="request-{w["food"].id}"' in html and f'id="request-{w["bus"].id}"' in html
    assert "Li Wei" not in html and "housing" not in html.split("<tbody>")[1]
    assert f'href="/admin/c/{w["conv"].id}"' in html  # straight to the family's conversation
    assert last_audit(session, "read_requests").details["requests"] == [w["food"].id,
                                                                        w["bus"].id]

    moved = post(client, f"/admin/requests/{w['food'].id}", status="contacted", assign="me",
                 notes="Called, pantry Tue 3pm", f_status="open")
    assert moved.status_code == 302 and moved.headers["Location"].endswith(
        f"/admin/requests?status=open#request-{w['food'].id}")
    session.expire_all()
    food = session.get(ResourceRequest, w["food"].id)
    assert (food.status, food.assignee_id, food.notes) == ("contacted", w["clerk"].id,
                                                           "Called, pantry Tue 3pm")
    assert food.status_changed_at is not None
    # The audit says what changed, never the notes' text.
    assert last_audit(session, "update_request").details == {
        "status": ["new", "contacted"], "assignee": w["clerk"].id, "notes": True}
    assert "Called, pantry" in client.get("/admin/requests?mine=1").get_data(as_text=True)

    post(client, f"/admin/requests/{w['food'].id}", status="fulfilled")
    html = client.get("/admin/requests").get_data(as_text=True)  # open ones only
    assert f'id="request-{w["food"].id}"' not in html
    done = client.get("/admin/requests?status=fulfilled").get_data(as_text=True)
    assert f'id="request-{w["food"].id}"' in done


def test_another_schools_requests_are_404_and_bad_status_is_400(client, session):
    w = world(session)
    login(client, "clerk.a@school.org")
    for other in (w["ming"], w["ming_bus"]):
        assert post(client, f"/admin/requests/{other.id}", status="fulfilled"
                    ).status_code == 404
    assert client.get(f"/admin/requests?school={w['birch'].id}").status_code == 404
    assert post(client, f"/admin/requests/{w['food'].id}", status="lost").status_code == 400
    session.expire_all()
    assert session.get(ResourceRequest, w["ming"].id).status == "new"
    assert session.get(ResourceRequest, w["food"].id).status == "new"


def test_the_inbox_shows_a_familys_new_requests_beside_their_conversation(client, session):
    w = world(session)
    login(client, "clerk.a@school.org")
    html = client.get("/admin/").get_data(as_text=True)
    assert "needs food" in html and "needs transportation" in html
    post(client, f"/admin/requests/{w['food'].id}", status="contacted")
    html = client.get("/admin/").get_data(as_text=True)
    assert "needs food" not in html and "needs transportation" in html


def test_the_district_sees_every_request(client, session):
    w = world(session)
    login(client, "district@district.org")
    html = client.get("/admin/requests?status=all").get_data(as_text=True)
    assert all(f'id="request-{w[key].id}"' in html for key in ("food", "bus", "ming",
                                                                "ming_bus"))
