"""A flood from one number (a script, a stuck phone) is stored in full but answered only up to
FLOOD_PER_MINUTE a minute, so it cannot take Rasa from other families."""

from sqlalchemy import func, select

from models import Message
from tests.factories import make_family, make_school, send_sms


def test_a_hundred_texts_in_a_minute_reach_rasa_twelve_times(app, client, session,
                                                              fake_rasa):
    school = make_school(session)
    make_family(session, school=school)
    make_family(session, school=school, phone="+19165550102", guardian_name="Li Wei",
                language="zh", children=("Ming",))
    session.commit()
    for i in range(100):
        assert send_sms(client, f"text {i}").status_code == 200
    from_flood = [s for s in fake_rasa.sent if s["text"].startswith("text")]
    assert len(from_flood) == app.config["FLOOD_PER_MINUTE"] == 12
    # Every message is kept; the ones past the limit are marked for staff.
    assert session.scalar(select(func.count()).select_from(Message).where(
        Message.direction == "in")) == 100
    assert session.scalar(select(func.count()).select_from(Message).where(
        Message.status == "throttled")) == 88
    # Another family is answered as usual meanwhile.
    fake_rasa.sent.clear()
    send_sms(client, "Ming bìng le", sender="+19165550102")
    assert [s["text"] for s in fake_rasa.sent] == ["Ming bìng le"]
    # STOP still works in the middle of a flood.
    send_sms(client, "STOP")
    session.expire_all()
    from bot.opt_out import is_opted_out
    assert is_opted_out(session, "+19165550101")


def test_staff_see_which_messages_the_bot_did_not_answer(app, client, session, fake_rasa):
    from tests.factories import login, make_staff

    school = make_school(session)
    make_family(session, school=school)
    make_staff(session, "clerk@school.org", schools=[school])
    session.commit()
    for i in range(14):
        send_sms(client, f"text {i}")
    conv_id = session.scalar(select(Message.conversation_id))
    login(client, "clerk@school.org")
    html = client.get(f"/admin/c/{conv_id}").get_data(as_text=True)
    assert html.count("not sent to the bot: too many at once") == 2
