"""A conversation is visible to the staff of every school where the family (everyone on the
phone) has a child — in the inbox, the conversation page, the simulator and its search — and to
no one else; unknown numbers only to district staff."""

from __future__ import annotations

import pytest

from models import Student, StudentGuardian
from tests.factories import (
    add_conversation,
    login,
    make_family,
    make_school,
    make_staff,
    post,
)


@pytest.fixture
def shared(app, session):
    """Schools A, B, C. Maria (A) and her mother Rosa (B) share one phone; Tran has one child at
    A and one at B; a clerk per school; an unknown number."""
    a = make_school(session, code="AAA", name="Alder Elementary")
    b = make_school(session, code="BBB", name="Birch Middle")
    c = make_school(session, code="CCC", name="Cedar High")
    maria = make_family(session, school=a, phone="+19165550101", guardian_name="Maria Lopez",
                        children=("Sofia",))
    rosa = make_family(session, school=b, phone="+19165550101", guardian_name="Rosa Diaz",
                       children=("Mateo",), last_name="Diaz")
    tran = make_family(session, school=a, phone="+19165550103", language="vi",
                       guardian_name="Tran Thi Lan", children=("Khoa",), last_name="Tran")
    # Tran's second child, at B, linked to the same guardian row.
    linh = Student(sis_id="S-LINH", first_name="Linh", last_name="Tran", grade="7", school=b)
    session.add(linh)
    session.flush()
    session.add(StudentGuardian(student_id=linh.id, guardian_id=tran.id))
    # The shared phone's conversation was opened for the first guardian's school (A).
    shared_conv = add_conversation(session, maria, a, messages=[("hola", "es", "hello")])
    tran_conv = add_conversation(session, tran, a, messages=[("chào", "vi", "hello")])
    unknown = add_conversation(session, None, None, phone="+19165550199",
                               reason="unknown_number", messages=[("who is this", "en", None)])
    for code, school in (("a", a), ("b", b), ("c", c)):
        make_staff(session, f"clerk.{code}@school.org", schools=[school])
    make_staff(session, "district@district.org", role="district")
    session.commit()
    return {"maria": maria.id, "rosa": rosa.id, "tran": tran.id, "shared": shared_conv.id,
            "tran_conv": tran_conv.id, "unknown": unknown.id}


@pytest.mark.parametrize("clerk", ["clerk.a@school.org", "clerk.b@school.org"])
def test_every_school_of_the_family_sees_the_conversation(client, shared, clerk):
    login(client, clerk)
    inbox = client.get("/admin/").get_data(as_text=True)
    assert f"/admin/c/{shared['shared']}" in inbox
    assert f"/admin/c/{shared['tran_conv']}" in inbox
    assert f"/admin/c/{shared['unknown']}" not in inbox
    page = client.get(f"/admin/c/{shared['shared']}")
    assert page.status_code == 200
    # Both schools are named, so the clerk knows the thread is shared.
    assert "Alder Elementary · Birch Middle" in page.get_data(as_text=True)


def test_the_family_panel_shows_only_the_clerks_own_children(client, shared):
    login(client, "clerk.b@school.org")
    page = client.get(f"/admin/c/{shared['tran_conv']}").get_data(as_text=True)
    assert "Linh" in page and "Khoa" not in page


def test_another_school_sees_nothing(client, shared):
    login(client, "clerk.c@school.org")
    inbox = client.get("/admin/").get_data(as_text=True)
    assert "/admin/c/" not in inbox
    for conv in (shared["shared"], shared["tran_conv"], shared["unknown"]):
        assert client.get(f"/admin/c/{conv}").status_code == 404
    assert client.get("/admin/simulator", query_string={"guardian": shared["maria"]}
                      ).status_code == 404
    results = client.get("/admin/simulator", query_string={"q": "a"}).get_data(as_text=True)
    assert "Maria Lopez" not in results and "Rosa Diaz" not in results


def test_unknown_numbers_are_for_district_staff_only(client, shared):
    login(client, "district@district.org")
    assert client.get(f"/admin/c/{shared['unknown']}").status_code == 200
    client.post("/admin/logout", data={})
    login(client, "clerk.a@school.org")
    assert client.get(f"/admin/c/{shared['unknown']}").status_code == 404


def test_the_simulator_shows_a_shared_phone_to_both_schools_and_searches_both(client, shared):
    login(client, "clerk.b@school.org")
    results = client.get("/admin/simulator", query_string={"q": "rosa"}).get_data(as_text=True)
    assert "Rosa Diaz" in results
    page = client.get("/admin/simulator", query_string={"guardian": shared["rosa"]})
    assert page.status_code == 200 and "hola" in page.get_data(as_text=True)
    # Maria is not at B: the clerk cannot pick her, but sees the thread through Rosa.
    assert client.get("/admin/simulator", query_string={"guardian": shared["maria"]}
                      ).status_code == 404
    assert post(client, f"/admin/c/{shared['shared']}/assign").status_code == 302
