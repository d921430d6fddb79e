"""Inbox filters (school, language, reason, assigned to me, closed), unread counts, and the
polled state that updates the page without a full reload."""

from models import Message
from tests.factories import add_conversation, login, make_family, make_school, make_staff, post


def world(session):
    alder = make_school(session, code="A", name="Alder")
    birch = make_school(session, code="B", name="Birch")
    lopez = make_family(session, school=alder, language="es", guardian_name="Maria Lopez")
    vang = make_family(session, school=alder, phone="+19165550103", language="hmn",
                       guardian_name="Mai Vang", children=("Nou",))
    li = make_family(session, school=birch, phone="+19165550102", language="zh",
                     guardian_name="Li Wei", children=("Ming",))
    convs = {
        "lopez": add_conversation(session, guardian=lopez, school=alder,
                                  reason="absence:safety",
                                  messages=[("hola", "es", "hi"), ("¿hay alguien?", "es",
                                                                   "anyone there?")]),
        "vang": add_conversation(session, guardian=vang, school=alder, reason="asked_for_person",
                                 messages=[("nyob zoo", "hmn", "hello")]),
        "li": add_conversation(session, guardian=li, school=birch, reason="asked_for_person",
                               messages=[("你好", "zh", "hello")]),
    }
    make_staff(session, "district@district.org", role="district", name="Dee")
    make_staff(session, "clerk.a@school.org", schools=[alder], name="Ana")
    session.commit()
    return alder, birch, convs


def waiting_names(client, query=""):
    html = client.get("/admin/" + query).get_data(as_text=True)
    section = html.partition('id="waiting"')[2].partition("</table>")[0]
    return {name for name in ("Maria Lopez", "Mai Vang", "Li Wei") if name in section}


def test_filters_narrow_the_inbox(client, session):
    alder, birch, convs = world(session)
    login(client, "district@district.org")
    assert waiting_names(client) == {"Maria Lopez", "Mai Vang", "Li Wei"}
    assert waiting_names(client, f"?school={birch.id}") == {"Li Wei"}
    assert waiting_names(client, "?language=hmn") == {"Mai Vang"}
    assert waiting_names(client, "?reason=absence") == {"Maria Lopez"}
    assert waiting_names(client, "?reason=asked_for_person&school=" + str(alder.id)) == {
        "Mai Vang"}
    assert waiting_names(client, "?mine=1") == set()
    post(client, f"/admin/c/{convs['vang'].id}/assign")
    assert waiting_names(client, "?mine=1") == {"Mai Vang"}
    post(client, f"/admin/c/{convs['li'].id}/close")
    assert "Li Wei" not in waiting_names(client)
    closed = client.get("/admin/?status=closed").get_data(as_text=True)
    assert "Recently closed" in closed and "Li Wei" in closed and "Maria Lopez" not in closed


def test_a_clerk_cannot_filter_her_way_into_another_school(client, session):
    alder, birch, convs = world(session)
    login(client, "clerk.a@school.org")
    assert client.get(f"/admin/?school={birch.id}").status_code == 404
    assert waiting_names(client, "?language=zh") == set()
    assert client.get(f"/admin/c/{convs['li'].id}/state").status_code == 404


def test_unread_counts_until_staff_reply(client, session):
    alder, birch, convs = world(session)
    login(client, "clerk.a@school.org")
    assert "2 new" in client.get("/admin/").get_data(as_text=True)
    post(client, f"/admin/c/{convs['lopez'].id}/reply", step="send", text="We are here",
         body="Aquí estamos", language="es")
    html = client.get("/admin/").get_data(as_text=True)
    assert "2 new" not in html and "1 new" in html  # Mai Vang's one message is still unread


def test_the_polled_state_changes_when_a_family_writes(client, session):
    alder, birch, convs = world(session)
    login(client, "clerk.a@school.org")
    before = client.get("/admin/inbox/state").get_json()
    conv_before = client.get(f"/admin/c/{convs['vang'].id}/state").get_json()
    assert before["waiting"] == 2  # Birch's conversation is not counted for her
    hers = Message(conversation_id=convs["vang"].id, direction="in", body="kuv tos",
                   language="hmn")
    # Another school's family writing afterwards changes nothing she can see.
    theirs = Message(conversation_id=convs["li"].id, direction="in", body="喂", language="zh")
    session.add(hers)
    session.flush()
    session.add(theirs)
    session.commit()
    after = client.get(f"/admin/inbox/state?since={before['latest']}").get_json()
    assert after["latest"] == hers.id > before["latest"] and after["waiting"] == 2
    # Polling from there on: another school's family writing changes nothing she can see.
    session.add(Message(conversation_id=convs["li"].id, direction="in", body="再见",
                        language="zh"))
    session.commit()
    assert client.get(f"/admin/inbox/state?since={hers.id}").get_json()["latest"] == hers.id
    page = client.get("/admin/").get_data(as_text=True)  # the page polls from its own start
    assert f"/admin/inbox/state?since={before['latest'] + 3}" in page
    assert client.get(f"/admin/c/{convs['vang'].id}/state").get_json()["latest"] > \
        conv_before["latest"]
