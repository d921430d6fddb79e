"""The conversation page tells staff what they need before writing: whether each text they sent
was delivered, and whether the family can be texted at all."""

from sqlalchemy import select

from bot.opt_out import opt_out
from models import OutboxMessage
from tests.factories import add_conversation, login, make_family, make_school, make_staff, post


def test_delivery_state_of_each_staff_reply_and_an_unreachable_family(client, session):
    school = make_school(session)
    family = make_family(session, school=school)
    conv = add_conversation(session, guardian=family, school=school,
                            messages=[("hola", "es", "hello")])
    make_staff(session, "clerk@school.org", schools=[school])
    session.commit()
    login(client, "clerk@school.org")
    sent = post(client, f"/admin/c/{conv.id}/reply", step="send", text="We got it",
                body="Lo recibimos", language="es")
    assert sent.status_code == 302
    html = client.get(f"/admin/c/{conv.id}").get_data(as_text=True)
    assert 'class="tag delivery queued"' in html

    row = session.scalar(select(OutboxMessage))
    row.status = "failed"
    family.phone_unreachable = True
    session.commit()
    html = client.get(f"/admin/c/{conv.id}").get_data(as_text=True)
    assert 'class="tag delivery failed"' in html
    assert "unreachable: texts cannot be delivered" in html


def test_a_phone_that_texted_stop_is_shown_as_opted_out(client, session):
    school = make_school(session)
    family = make_family(session, school=school)
    conv = add_conversation(session, guardian=family, school=school,
                            messages=[("STOP", "en", "STOP")])
    make_staff(session, "clerk@school.org", schools=[school])
    opt_out(session, family.phone)
    session.commit()
    login(client, "clerk@school.org")
    html = client.get(f"/admin/c/{conv.id}").get_data(as_text=True)
    assert "opted out" in html
