"""Back to the bot after an outage (bot.late_replies, the clock's bot_return job): a
conversation handed to staff only because Rasa was down returns to the bot once Rasa answers,
unless staff touched it, and the family's unanswered messages are answered through the outbox."""

from sqlalchemy import select

from bot.late_replies import return_to_bot
from models import Conversation, Message, OutboxMessage
from scheduler import jobs
from tests.factories import login, make_family, make_school, make_staff, post, send_sms


def family_texts_while_rasa_is_down(app, session, fake_rasa, *bodies):
    guardian = make_family(session, school=make_school(session))
    session.commit()
    fake_rasa.down = True
    client = app.test_client()
    for body in bodies:
        send_sms(client, body)
    fake_rasa.down = False
    return guardian, session.scalar(select(Conversation))


def test_messages_stored_during_the_outage_are_answered_in_order_when_rasa_is_back(
        app, session, fake_rasa):
    guardian, conv = family_texts_while_rasa_is_down(app, session, fake_rasa,
                                                     "Sofia está enferma", "hoy no va")
    assert conv.state == "waiting" and conv.handoff_reason == "bot_unavailable"
    fake_rasa.sent.clear()
    pipeline = app.extensions["pipeline"]

    result = jobs.bot_return(db=app.extensions["db"], pipeline=pipeline)
    assert result.queued == 2 and [s["text"] for s in fake_rasa.sent] == [
        "Sofia está enferma", "hoy no va"]
    session.expire_all()
    conv = session.get(Conversation, conv.id)
    assert conv.state == "bot" and conv.handoff_reason is None
    statuses = session.scalars(select(Message.status).where(Message.direction == "in")
                               .order_by(Message.id)).all()
    assert statuses == ["answered_late", "answered_late"]
    outbox = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(o.kind, o.to, o.language) for o in outbox] == [("reply", guardian.phone, "es")] * 2
    assert all(o.message_id for o in outbox)  # linked to the stored reply, for its status
    # A second run finds nothing to do: nothing is asked or sent twice.
    fake_rasa.sent.clear()
    assert return_to_bot(app.extensions["db"], pipeline).queued == 0 and not fake_rasa.sent


def test_nothing_changes_while_rasa_is_still_down(app, session, fake_rasa):
    _, conv = family_texts_while_rasa_is_down(app, session, fake_rasa, "Sofia está enferma")
    fake_rasa.down = True
    result = return_to_bot(app.extensions["db"], app.extensions["pipeline"])
    assert result.queued == 0 and result.skipped == {"the bot is still down": 1}
    session.expire_all()
    conv = session.get(Conversation, conv.id)
    assert conv.state == "waiting" and conv.handoff_reason == "bot_unavailable"
    assert session.scalar(select(Message.status).where(Message.direction == "in")) == \
        "unanswered"
    assert session.scalar(select(OutboxMessage.id)) is None


def test_a_conversation_staff_took_stays_with_staff(app, client, session, fake_rasa):
    guardian, conv = family_texts_while_rasa_is_down(app, session, fake_rasa,
                                                     "Sofia está enferma")
    make_staff(session, "clerk@school.org", schools=[guardian.students[0].school])
    session.commit()
    login(client, "clerk@school.org")
    assert post(client, f"/admin/c/{conv.id}/assign").status_code == 302
    fake_rasa.sent.clear()
    result = return_to_bot(app.extensions["db"], app.extensions["pipeline"])
    assert result.queued == 0 and not fake_rasa.sent
    session.expire_all()
    assert session.get(Conversation, conv.id).state == "waiting"


def test_other_hand_offs_are_not_given_back(app, session, fake_rasa):
    make_family(session, school=make_school(session))
    session.commit()
    send_sms(app.test_client(), "quiero hablar con una persona")
    conv = session.scalar(select(Conversation))
    conv.state, conv.handoff_reason = "waiting", "asked_for_person"
    session.commit()
    fake_rasa.sent.clear()
    assert return_to_bot(app.extensions["db"], app.extensions["pipeline"]).queued == 0
    assert not fake_rasa.sent
