"""POST /twilio/sms: signatures, idempotency, keywords, odd input, Rasa or the database down.
Rasa is a fake here (tests/integration runs the real one); the database is real."""

import pytest
from sqlalchemy import func, select

from bot.messages.render import render
from bot.nlu.keywords import KEYWORDS, START, STOP
from models import Conversation, Guardian, Message
from tests.factories import SMS_URL, make_family, send_sms, sign


def replies(resp) -> list[str]:
    from xml.etree import ElementTree

    # Our own TwiML, not untrusted input.
    root = ElementTree.fromstring(resp.data)  # noqa: S314
    return [m.text or "" for m in root.iter("Message")]


@pytest.fixture
def family(app):
    with app.extensions["db"].session() as s:
        return make_family(s, language="es", children=("Sofia",)).id


def count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


# --- signatures ----------------------------------------------------------------------------
def test_valid_signature_is_accepted(client, fake_rasa, family):
    resp = send_sms(client, "hola")
    assert resp.status_code == 200
    assert replies(resp) == [render({"template": "thanks"}, "es")]


def test_forged_signature_is_rejected_and_nothing_stored(client, fake_rasa, family, session):
    params = {"From": "+19165550101", "Body": "hola", "MessageSid": "SMforged"}
    resp = client.post(SMS_URL, data=params, headers={"X-Twilio-Signature": "bm90IGl0"})
    assert resp.status_code == 403
    assert count(session, Message) == 0


def test_missing_signature_is_rejected(client, fake_rasa, family):
    resp = client.post(SMS_URL, data={"From": "+19165550101", "Body": "x", "MessageSid": "SM1"})
    assert resp.status_code == 403


def test_signature_for_another_url_is_rejected(client, fake_rasa, family):
    params = {"From": "+19165550101", "Body": "x", "MessageSid": "SM2"}
    signature = sign("https://evil.example/twilio/sms", params)
    resp = client.post(SMS_URL, data=params, headers={"X-Twilio-Signature": signature})
    assert resp.status_code == 403


def test_signature_with_tampered_body_is_rejected(client, fake_rasa, family):
    params = {"From": "+19165550101", "Body": "x", "MessageSid": "SM3"}
    signature = sign(SMS_URL, params)
    params["Body"] = "tampered"
    assert client.post(SMS_URL, data=params,
                       headers={"X-Twilio-Signature": signature}).status_code == 403


def test_no_auth_token_configured_refuses_everything(app, client, fake_rasa, family):
    app.config["TWILIO_AUTH_TOKEN"] = ""
    assert send_sms(client, "hola").status_code == 403


def test_behind_a_proxy_the_forwarded_url_is_validated(fake_rasa, family, app):
    from werkzeug.middleware.proxy_fix import ProxyFix

    app.wsgi_app = ProxyFix(app.wsgi_app, x_proto=1, x_host=1)
    client = app.test_client()
    public = "https://showup.example.org/twilio/sms"
    params = {"From": "+19165550101", "Body": "hola", "MessageSid": "SMproxy"}
    resp = client.post(SMS_URL, data=params, headers={
        "X-Twilio-Signature": sign(public, params), "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "showup.example.org"})
    assert resp.status_code == 200


# --- idempotency ---------------------------------------------------------------------------
def test_duplicate_message_sid_stores_one_message_and_replies_once(
        client, fake_rasa, family, session):
    first = send_sms(client, "hola", sid="SMdup")
    second = send_sms(client, "hola", sid="SMdup")
    assert len(replies(first)) == 1
    assert replies(second) == []
    assert count(session, Message, Message.direction == "in") == 1
    assert count(session, Message, Message.direction == "out") == 1
    assert len(fake_rasa.sent) == 1


# --- keywords ------------------------------------------------------------------------------
@pytest.mark.parametrize("language", sorted(KEYWORDS))
def test_stop_and_start_in_every_language(client, fake_rasa, app, session, language):
    with app.extensions["db"].session() as s:
        make_family(s, language=language)
    stop_word = sorted(KEYWORDS[language][STOP])[0]
    resp = send_sms(client, stop_word.upper() if stop_word.isascii() else stop_word)
    assert replies(resp) == [render({"template": "stop_confirm"}, language)]
    assert session.scalar(select(Guardian.opted_out)) is True
    # While opted out, nothing is sent and Rasa is not asked.
    assert replies(send_sms(client, "hola que tal")) == []
    assert fake_rasa.sent == []
    start_word = sorted(KEYWORDS[language][START])[0]
    resp = send_sms(client, start_word)
    assert replies(resp) == [render({"template": "start_confirm"}, language)]
    session.expire_all()
    assert session.scalar(select(Guardian.opted_out)) is False


def test_english_stop_from_a_spanish_family_is_answered_in_spanish(client, fake_rasa, family):
    assert replies(send_sms(client, "STOP")) == [render({"template": "stop_confirm"}, "es")]


def test_stop_inside_a_sentence_is_not_a_keyword(client, fake_rasa, family, session):
    send_sms(client, "para mañana no va a ir")
    assert session.scalar(select(Guardian.opted_out)) is False
    assert len(fake_rasa.sent) == 1


def test_help_keyword_answers_without_rasa(client, fake_rasa, family):
    resp = send_sms(client, "AYUDA")
    assert replies(resp)[0].startswith(render({"template": "help", "vars": {"school": ""}},
                                              "es")[:20])
    assert fake_rasa.sent == []


# --- odd input -----------------------------------------------------------------------------
def test_unknown_number_gets_a_polite_reply_and_a_staff_task(client, fake_rasa, session):
    resp = send_sms(client, "hola mi hijo esta enfermo", sender="+19165559999")
    assert replies(resp) == [render({"template": "unknown_number"}, "es")]
    conv = session.scalar(select(Conversation))
    assert conv.state == "waiting" and conv.handoff_reason == "unknown_number"
    assert conv.guardian_id is None
    assert fake_rasa.sent == []


def test_empty_body(client, fake_rasa, family, session):
    resp = send_sms(client, "")
    assert replies(resp) == [render({"template": "empty_message"}, "es")]
    assert count(session, Message, Message.direction == "in") == 1


def test_photo_without_text_is_kept_for_staff(client, fake_rasa, family, session):
    url = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1"
    resp = send_sms(client, "", media=[url])
    assert replies(resp) == [render({"template": "media_received"}, "es")]
    message = session.scalar(select(Message).where(Message.direction == "in"))
    assert message.media == [{"url": url, "content_type": "image/jpeg"}]


def test_photo_with_text_goes_to_the_bot_and_keeps_the_media(client, fake_rasa, family, session):
    send_sms(client, "nota del doctor", media=["https://api.twilio.com/x/Media/ME2"])
    assert fake_rasa.sent[0]["text"] == "nota del doctor"
    assert session.scalar(select(Message).where(Message.direction == "in")).media


def test_1600_character_body_and_emoji(client, fake_rasa, family, session):
    body = ("🤒 Sofía está enferma " * 100)[:1600]
    assert send_sms(client, body).status_code == 200
    assert session.scalar(select(Message.body).where(Message.direction == "in")) == body
    assert send_sms(client, "🤒🤒").status_code == 200


def test_control_characters_are_dropped_not_a_crash(client, fake_rasa, family, session):
    # A NUL byte cannot be stored in PostgreSQL text: it must not cost the family's message.
    assert send_sms(client, "hola\x00 maestra\x07\nadios").status_code == 200
    assert session.scalar(select(Message.body).where(Message.direction == "in")) == \
        "hola maestra\nadios"


def test_shared_phone_reaches_both_guardians_children(client, fake_rasa, app):
    with app.extensions["db"].session() as s:
        make_family(s, guardian_name="Maria Lopez", children=("Sofia",))
        make_family(s, guardian_name="Rosa Lopez", children=("Jose",), phone="+19165550101")
    send_sms(client, "hola")
    assert len(fake_rasa.sent[0]["metadata"]["guardian_ids"]) == 2


def test_malformed_post_is_400_not_a_crash(client, fake_rasa, family):
    params = {"Body": "no sender"}
    resp = client.post(SMS_URL, data=params,
                       headers={"X-Twilio-Signature": sign(SMS_URL, params)})
    assert resp.status_code == 400


def test_whatsapp_sender_is_the_same_family(client, fake_rasa, family, session):
    send_sms(client, "hola", sender="whatsapp:+19165550101")
    conv = session.scalar(select(Conversation))
    assert conv.channel == "whatsapp" and conv.guardian_id == family


# --- failures ------------------------------------------------------------------------------
def test_rasa_down_gives_localized_fallback_and_hands_to_staff(client, fake_rasa, family, session):
    fake_rasa.down = True
    resp = send_sms(client, "mi hija esta enferma")
    assert replies(resp) == [render({"template": "received_followup"}, "es")]
    conv = session.scalar(select(Conversation))
    assert conv.state == "waiting" and conv.handoff_reason == "bot_unavailable"
    assert session.scalar(select(Message.body).where(Message.direction == "in")) == \
        "mi hija esta enferma"
    # Staff have it now: the next message is stored, not answered by the bot.
    fake_rasa.down = False
    assert replies(send_sms(client, "hola?")) == []
    assert count(session, Message, Message.direction == "in") == 2


def test_database_down_is_503_so_twilio_retries(app, client, fake_rasa):
    from models.db import Database

    app.extensions["db"] = app.extensions["pipeline"].db = Database(
        "postgresql://nobody@127.0.0.1:1/none")
    resp = send_sms(client, "hola")
    assert resp.status_code == 503
