"""STOP by text stops every outbound message to that family until START (outbox included),
also for a number that texted STOP before the roster knew it."""

from sqlalchemy import select

from bot.messages.render import render
from bot.outbox.enqueue import enqueue
from models import Guardian, OutboxMessage
from tests.factories import make_family, make_school, send_sms
from tests.integration.helpers import texts


def queue(app, key):
    with app.extensions["db"].session() as s:
        guardian = s.scalar(select(Guardian))
        return enqueue(s, key=key, guardian=guardian, body="Buenos días", kind="nudge").status


def test_stop_suppresses_outbound_until_start(app, client, fake_rasa):
    with app.extensions["db"].session() as s:
        make_family(s, language="es")
    assert queue(app, "nudge:1") == "queued"
    send_sms(client, "PARA")
    assert queue(app, "nudge:2") == "suppressed"
    send_sms(client, "EMPEZAR")
    assert queue(app, "nudge:3") == "queued"
    with app.extensions["db"].session() as s:
        statuses = dict(s.execute(
            select(OutboxMessage.idempotency_key, OutboxMessage.status)).all())
    assert statuses == {"nudge:1": "queued", "nudge:2": "suppressed", "nudge:3": "queued"}


def import_one(app, runner, tmp_path, phone="(916) 555-0177"):
    with app.extensions["db"].session() as s:
        make_school(s)
    path = tmp_path / "roster.csv"
    path.write_text("student_id,first_name,last_name,grade,school,guardian_name,guardian_phone,"
                    f"language,relationship\n2001,Ana,Ruiz,3,BHE,Rosa Ruiz,{phone},Spanish,"
                    "mother\n", encoding="utf-8")
    result = runner.invoke(args=["roster", "import", str(path)])
    assert result.exit_code == 0, result.output


def test_stop_from_a_number_not_in_the_roster_holds_once_it_is(app, client, fake_rasa, runner,
                                                               tmp_path):
    replies = texts(send_sms(client, "STOP", sender="+19165550177"))
    assert replies == [render({"template": "stop_confirm"}, "en")]
    import_one(app, runner, tmp_path)
    with app.extensions["db"].session() as s:
        guardian = s.scalar(select(Guardian))
        assert guardian.opted_out and guardian.opted_out_at is not None
    assert queue(app, "nudge:1") == "suppressed"


def test_start_from_that_number_undoes_it(app, client, fake_rasa, runner, tmp_path):
    send_sms(client, "STOP", sender="+19165550177")
    send_sms(client, "START", sender="+19165550177")
    import_one(app, runner, tmp_path)
    assert queue(app, "nudge:1") == "queued"


def test_a_staff_reply_to_a_number_that_said_stop_is_not_sent(app, client, fake_rasa):
    """A number not in the roster texts STOP: whatever is queued to it later is suppressed."""
    send_sms(client, "STOP", sender="+19165550177")
    with app.extensions["db"].session() as s:
        row = enqueue(s, key="staff-reply:x", guardian=None, body="Hello", kind="staff_reply",
                      to="+19165550177")
        assert row.status == "suppressed"


def test_error_21610_is_the_same_opt_out_as_stop(app, runner, tmp_path):
    """Twilio says the phone unsubscribed: the phone is opted out, so a guardian a later roster
    import adds on it is too."""
    from bot.delivery_status import apply_error_code
    from models import PhoneOptOut

    with app.extensions["db"].session() as s:
        make_school(s)
        guardian = make_family(s, phone="+19165550188")
        row = enqueue(s, key="nudge:21610", guardian=guardian, body="Hola", kind="nudge")
        assert apply_error_code(s, row, "21610") == "opted_out"
        assert s.get(PhoneOptOut, "+19165550188") is not None
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,first_name,last_name,grade,school,guardian_name,"
                      "guardian_phone,language,relationship\n"
                      "7001,Leo,Ruiz,2,BHE,Ana Ruiz,9165550188,Spanish,aunt\n", encoding="utf-8")
    assert runner.invoke(args=["roster", "import", str(roster)]).exit_code == 0
    with app.extensions["db"].session() as s:
        added = s.scalar(select(Guardian).where(Guardian.name == "Ana Ruiz"))
        assert added.opted_out
