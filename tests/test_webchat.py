"""The family web chat (/chat): personal links, phone + one-time code, the page in the family's
language, and messages through the same pipeline as SMS. Rasa is a fake; the database is real."""

from __future__ import annotations

import re
import time
import uuid

import pytest
from sqlalchemy import func, select

from bot.channels.webchat.page_text import PAGE_TEMPLATES
from bot.channels.webchat.sign_in import LINK_MAX_AGE, make_chat_link, read_chat_link
from bot.messages.languages import CODES
from bot.messages.render import render
from models import Conversation, Message, OutboxMessage, StaffUser
from tests.factories import chat_sign_in, make_family

JSON_HEADERS = {"X-Requested-With": "showup-chat"}
PHONE = "+19165550101"


@pytest.fixture
def family(app):
    with app.extensions["db"].session() as s:
        return make_family(s, language="es", children=("Sofia",)).id


def token_for(app, guardian_id: int) -> str:
    return make_chat_link(guardian_id, secret_key=app.config["SECRET_KEY"])


def csrf(client, path="/chat", **kw) -> str:
    html = client.get(path, **kw).get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def post_message(client, text, client_id=None, headers=JSON_HEADERS):
    payload = {"text": text, "client_id": client_id or str(uuid.uuid4())}
    return client.post("/chat/messages", json=payload, headers=headers)


def count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


def is_chat_page(html: str) -> bool:
    return 'id="composer"' in html and 'id="message"' in html


def es(name: str, **variables) -> str:
    return render({"template": name, "vars": variables}, "es")


def en(name: str, **variables) -> str:
    return render({"template": name, "vars": variables}, "en")


def session_cookie(app, client) -> dict:
    cookie = client.get_cookie("session")
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


# --- personal link -------------------------------------------------------------------------
def test_personal_link_signs_in_and_redirects_to_the_chat(app, client, family):
    chat_sign_in(client, app, family)
    html = client.get("/chat").get_data(as_text=True)
    assert is_chat_page(html)
    assert es("chat_heading", school="Bret Harte Elementary School") in html


def test_link_token_round_trip_and_salt(app, family):
    token = token_for(app, family)
    assert read_chat_link(token, secret_key="test-secret") == family
    from bot.channels.webchat.sign_in import LinkInvalid

    with pytest.raises(LinkInvalid):
        read_chat_link(token, secret_key="another-key")


def test_forged_link_gets_the_expired_page_in_every_language_and_no_session(app, client, family):
    token = token_for(app, family)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    resp = client.get(f"/chat/t/{forged}")
    assert resp.status_code == 400
    html = resp.get_data(as_text=True)
    for code in CODES:
        assert render({"template": "chat_link_expired"}, code) in html, code
    assert 'name="phone"' in html and 'action="/chat/verify"' in html
    assert not is_chat_page(client.get("/chat").get_data(as_text=True))


def test_a_link_for_someone_else_cannot_be_made_without_the_key(app, client, family):
    from itsdangerous import URLSafeTimedSerializer

    token = URLSafeTimedSerializer("guessed-key", salt="chat-link").dumps(family)
    assert client.get(f"/chat/t/{token}").status_code == 400


def test_expired_link_is_refused_and_a_29_day_old_one_still_works(app, client, family,
                                                                  monkeypatch):
    real_time = time.time
    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: real_time() - LINK_MAX_AGE - 60)
        old = token_for(app, family)
        m.setattr(time, "time", lambda: real_time() - 29 * 24 * 3600)
        recent = token_for(app, family)
    resp = client.get(f"/chat/t/{old}")
    assert resp.status_code == 410
    assert en("chat_link_expired") in resp.get_data(as_text=True)
    assert not is_chat_page(client.get("/chat").get_data(as_text=True))
    assert client.get(f"/chat/t/{recent}").status_code == 303


def test_expired_page_puts_the_browsers_language_first(app, client, family):
    resp = client.get("/chat/t/nonsense", headers={"Accept-Language": "es-MX,es;q=0.9"})
    html = resp.get_data(as_text=True)
    assert 'lang="es"' in html.split("<body", 1)[0]
    assert html.index(es("chat_link_expired")) < html.index(en("chat_link_expired"))
    assert es("chat_phone_label") in html


# --- phone + one-time code -----------------------------------------------------------------
def request_code(client, phone="(916) 555-0101", **kw):
    token = csrf(client, **kw)
    return client.post("/chat/verify", data={"phone": phone, "csrf": token}, **kw)


def sent_code(session) -> str:
    row = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    return re.search(r"\b(\d{6})\b", row.body).group(1)


def submit_code(client, code, phone=PHONE):
    token = csrf(client)
    return client.post("/chat/code", data={"phone": phone, "code": code, "csrf": token,
                                           "typed": "(916) 555-0101"})


def test_code_happy_path(app, client, family, session):
    resp = request_code(client)
    assert resp.status_code == 200
    assert en("chat_code_sent") in resp.get_data(as_text=True)
    row = session.scalars(select(OutboxMessage)).one()
    assert (row.kind, row.urgent, row.to, row.language) == ("verification", True, PHONE, "es")
    assert row.idempotency_key.startswith(f"verification:{family}:")
    code = sent_code(session)
    assert row.body == es("verification_code", school="Bret Harte Elementary School", code=code)
    # Only a MAC of the code is in the (browser-readable) cookie: no code, no phone.
    pending = session_cookie(app, client)["chat_otp"]
    assert set(pending) == {"id", "mac", "exp", "tries"}
    assert code not in str(pending) and "5550101" not in str(pending)
    resp = submit_code(client, code)
    assert resp.status_code == 303
    html = client.get("/chat").get_data(as_text=True)
    assert is_chat_page(html) and '<html lang="es"' in html


def test_each_request_sends_a_new_code_with_its_own_key(app, client, family, session):
    request_code(client)
    request_code(client, phone="916.555.0101")
    keys = session.scalars(select(OutboxMessage.idempotency_key)).all()
    assert len(keys) == 2 and len(set(keys)) == 2


def test_wrong_code_is_refused_then_the_right_one_works(app, client, family, session):
    request_code(client)
    code = sent_code(session)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    resp = submit_code(client, wrong)
    assert resp.status_code == 400
    assert en("chat_code_wrong") in resp.get_data(as_text=True)
    assert not is_chat_page(client.get("/chat").get_data(as_text=True))
    assert submit_code(client, code).status_code == 303


def test_the_code_only_works_for_the_phone_it_was_sent_to(app, client, family, session):
    with app.extensions["db"].session() as s:
        make_family(s, phone="+19165550102", guardian_name="Ana Ruiz", children=("Leo",),
                    last_name="Ruiz")
    request_code(client)
    code = sent_code(session)
    assert submit_code(client, code, phone="+19165550102").status_code == 400
    assert not is_chat_page(client.get("/chat").get_data(as_text=True))


def test_five_wrong_codes_and_it_must_start_over(app, client, family, session):
    request_code(client)
    code = sent_code(session)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(4):
        assert en("chat_code_wrong") in submit_code(client, wrong).get_data(as_text=True)
    fifth = submit_code(client, wrong).get_data(as_text=True)
    assert en("chat_code_start_over") in fifth and 'name="phone"' in fifth
    resp = submit_code(client, code)  # the right code, too late
    assert resp.status_code == 400
    assert en("chat_code_start_over") in resp.get_data(as_text=True)
    assert not is_chat_page(client.get("/chat").get_data(as_text=True))


def test_replaying_an_old_cookie_does_not_reset_the_attempts(app, client, family, session):
    request_code(client)
    code = sent_code(session)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    fresh = client.get_cookie("session").value
    for _ in range(5):
        submit_code(client, wrong)
    client.set_cookie("session", fresh)  # the cookie from before the five attempts
    resp = submit_code(client, code)
    assert resp.status_code == 400
    assert not is_chat_page(client.get("/chat").get_data(as_text=True))


def test_expired_code_is_refused(app, client, family, session, monkeypatch):
    request_code(client)
    code = sent_code(session)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 11 * 60)
    resp = submit_code(client, code)
    assert en("chat_code_start_over") in resp.get_data(as_text=True)


def _normalized(html: str, *phones: str) -> str:
    html = re.sub(r'name="csrf" value="[^"]+"', "", html)
    for phone in phones:
        html = html.replace(phone, "PHONE")
    return html


def test_unknown_phone_gets_the_same_answer_and_no_text(app, client, family, session):
    known = request_code(client, phone="(916) 555-0101")
    other = app.test_client()
    unknown = request_code(other, phone="(916) 555-0199")
    assert known.status_code == unknown.status_code == 200
    assert _normalized(known.get_data(as_text=True), "+19165550101", "555-0101") == \
        _normalized(unknown.get_data(as_text=True), "+19165550199", "555-0199")
    assert count(session, OutboxMessage, OutboxMessage.to == "+19165550199") == 0
    assert set(session_cookie(app, other)) == set(session_cookie(app, client))
    assert set(session_cookie(app, other)["chat_otp"]) == {"id", "mac", "exp", "tries"}
    assert submit_code(other, "123456", phone="+19165550199").status_code == 400


def test_codes_per_number_are_limited(app, client, family, session):
    for _ in range(8):
        request_code(client)
    assert count(session, OutboxMessage, OutboxMessage.kind == "verification") == 5


def test_bad_phone_and_missing_csrf_are_refused(app, client, family, session):
    resp = request_code(client, phone="hello")
    assert resp.status_code == 400
    assert en("chat_phone_invalid") in resp.get_data(as_text=True)
    resp = client.post("/chat/verify", data={"phone": "(916) 555-0101"})  # a cross-site form
    assert resp.status_code == 400
    assert count(session, OutboxMessage) == 0


def test_sign_in_pages_follow_the_browser_language_then_the_choice(app, client, family):
    html = client.get("/chat", headers={"Accept-Language": "vi"}).get_data(as_text=True)
    assert '<html lang="vi" dir="ltr">' in html
    assert render({"template": "chat_phone_label"}, "vi") in html
    html = client.get("/chat?lang=fa").get_data(as_text=True)
    assert '<html lang="fa-AF" dir="rtl">' in html
    assert render({"template": "chat_send_code"}, "fa") in html
    html = client.get("/chat").get_data(as_text=True)  # the choice is remembered
    assert render({"template": "chat_send_code"}, "fa") in html


# --- the chat page -------------------------------------------------------------------------
@pytest.mark.parametrize(("language", "html_lang", "direction"), [
    ("ar", "ar", "rtl"), ("fa", "fa-AF", "rtl"), ("ps", "ps", "rtl"), ("es", "es", "ltr"),
    ("zh", "zh-Hant", "ltr"), ("hmn", "hmn", "ltr"),
])
def test_page_language_and_direction(app, client, language, html_lang, direction):
    with app.extensions["db"].session() as s:
        guardian_id = make_family(s, language=language).id
    chat_sign_in(client, app, guardian_id)
    html = client.get("/chat").get_data(as_text=True)
    assert f'<html lang="{html_lang}" dir="{direction}">' in html
    assert render({"template": "chat_send"}, language) in html


def test_page_strings_are_spanish_not_english(app, client, family):
    chat_sign_in(client, app, family)
    html = client.get("/chat").get_data(as_text=True)
    school = "Bret Harte Elementary School"
    for name in PAGE_TEMPLATES:
        english = render({"template": name, "vars": {"school": school}}, "en")
        assert english not in html, name
    for name in ("chat_heading", "chat_message_label", "chat_send", "chat_messages_label",
                 "chat_keyboard_hint", "chat_sign_out", "chat_welcome"):
        assert render({"template": name, "vars": {"school": school}}, "es") in html, name


def test_page_is_accessible_and_self_contained(app, client, family):
    chat_sign_in(client, app, family)
    resp = client.get("/chat")
    html = resp.get_data(as_text=True)
    assert '<label for="message"' in html and '<textarea id="message"' in html
    assert 'aria-live="polite"' in html
    assert 'name="viewport"' in html
    # No CDN, no external font or script; the policy forbids them too.
    assert not re.search(r'(src|href)="(https?:)?//', html)
    policy = resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "http" not in policy
    assert resp.headers["Cache-Control"] == "no-store"


def test_page_shows_the_conversation_so_far(app, client, fake_rasa, family):
    chat_sign_in(client, app, family)
    post_message(client, "Sofía está enferma hoy")
    html = client.get("/chat").get_data(as_text=True)
    assert "Sofía está enferma hoy" in html
    assert es("thanks").replace("'", "&#39;") in html


def test_session_cookie_is_samesite_lax_and_httponly(app, client, family):
    resp = client.get(f"/chat/t/{token_for(app, family)}")
    cookie = resp.headers["Set-Cookie"]
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie


def test_sign_out(app, client, family):
    chat_sign_in(client, app, family)
    token = csrf(client)
    assert client.post("/chat/logout", data={"csrf": token}).status_code == 303
    assert not is_chat_page(client.get("/chat").get_data(as_text=True))
    assert post_message(client, "hola").status_code == 401


# --- messages through the pipeline -----------------------------------------------------------
def test_message_goes_through_the_pipeline(app, client, fake_rasa, family, session):
    chat_sign_in(client, app, family)
    client_id = str(uuid.uuid4())
    resp = post_message(client, "Sofía está enferma hoy", client_id)
    assert resp.status_code == 200
    data = resp.get_json()
    assert data["replies"] == [es("thanks")]
    assert data["duplicate"] is False
    assert [m["direction"] for m in data["messages"]] == ["in", "out"]
    assert data["messages"][0]["client_id"] == client_id
    assert fake_rasa.sent[0]["text"] == "Sofía está enferma hoy"
    assert fake_rasa.sent[0]["metadata"]["guardian_id"] == family
    stored = session.scalars(select(Message).where(Message.direction == "in")).one()
    assert (stored.channel, stored.provider_id) == ("webchat", f"webchat:{client_id}")
    conv = session.get(Conversation, stored.conversation_id)
    assert (conv.channel, conv.phone, conv.guardian_id) == ("webchat", PHONE, family)


def test_duplicate_client_id_is_stored_once_and_answered_once(app, client, fake_rasa, family,
                                                               session):
    chat_sign_in(client, app, family)
    client_id = str(uuid.uuid4())
    first = post_message(client, "hola", client_id).get_json()
    second = post_message(client, "hola", client_id).get_json()
    assert first["replies"] == [es("thanks")]
    assert second["replies"] == [] and second["duplicate"] is True
    assert second["messages"] == first["messages"]  # the page still gets the stored answer
    assert len(fake_rasa.sent) == 1
    assert count(session, Message, Message.direction == "in") == 1
    assert count(session, Message, Message.direction == "out") == 1


def test_keywords_work_in_the_chat_too(app, client, fake_rasa, family):
    chat_sign_in(client, app, family)
    assert post_message(client, "AYUDA").get_json()["replies"][0] == es(
        "help", school="Bret Harte Elementary School")
    assert fake_rasa.sent == []


def test_empty_text_is_left_to_the_pipeline(app, client, fake_rasa, family):
    chat_sign_in(client, app, family)
    resp = post_message(client, "   ")
    assert resp.status_code == 200
    assert resp.get_json()["replies"] == [es("empty_message")]


def test_1601_characters_are_refused_1600_accepted(app, client, fake_rasa, family, session):
    chat_sign_in(client, app, family)
    resp = post_message(client, "a" * 1601)
    assert resp.status_code == 400
    assert resp.get_json() == {"error": "too_long", "message": es("chat_too_long")}
    assert count(session, Message) == 0
    assert post_message(client, "a" * 1600).status_code == 200


def test_post_without_the_chat_header_is_refused(app, client, fake_rasa, family, session):
    chat_sign_in(client, app, family)
    resp = post_message(client, "hola", headers={})
    assert resp.status_code == 403
    resp = client.post("/chat/messages", data={"text": "hola", "client_id": str(uuid.uuid4())})
    assert resp.status_code == 403
    assert count(session, Message) == 0 and fake_rasa.sent == []


def test_not_signed_in_is_401(app, client, fake_rasa, family):
    assert post_message(client, "hola").status_code == 401
    assert client.get("/chat/messages?after=0").status_code == 401


@pytest.mark.parametrize("payload", [
    {"text": "hola", "client_id": "not-a-uuid"},
    {"text": "hola"},
    {"text": 5, "client_id": "6f1c1b8e-3c1d-4a0e-9a7b-2f0b1c3d4e5f"},
    ["hola"],
])
def test_malformed_json_is_400(app, client, fake_rasa, family, payload):
    chat_sign_in(client, app, family)
    resp = client.post("/chat/messages", json=payload, headers=JSON_HEADERS)
    assert resp.status_code == 400 and resp.get_json()["error"] == "bad_request"


def test_database_down_is_503_json(app, client, fake_rasa, family):
    from models.db import Database

    chat_sign_in(client, app, family)
    app.extensions["db"] = app.extensions["pipeline"].db = Database(
        "postgresql://nobody@127.0.0.1:1/none")
    resp = post_message(client, "hola")
    assert resp.status_code == 503
    assert resp.get_json() == {"error": "unavailable", "message": es("chat_unavailable")}
    assert client.get("/chat/messages?after=0").status_code == 503
    page = client.get("/chat")
    assert page.status_code == 503 and es("chat_unavailable") in page.get_data(as_text=True)


def test_rasa_down_still_answers_in_the_chat(app, client, fake_rasa, family):
    fake_rasa.down = True
    chat_sign_in(client, app, family)
    assert post_message(client, "hola").get_json()["replies"] == [es("received_followup")]


# --- polling -------------------------------------------------------------------------------
def test_get_after_returns_staff_replies_and_nothing_of_other_families(app, client, fake_rasa,
                                                                       family, session):
    with app.extensions["db"].session() as s:
        other = make_family(s, phone="+19165550102", guardian_name="Ana Ruiz",
                            children=("Leo",), last_name="Ruiz").id
    chat_sign_in(client, app, family)
    last = post_message(client, "hola").get_json()["messages"][-1]["id"]
    # Another family's web chat, at the same time.
    other_client = app.test_client()
    chat_sign_in(other_client, app, other)
    post_message(other_client, "secreto")
    with app.extensions["db"].session() as s:
        staff = StaffUser(email="clerk@example.org", name="Clerk", password_hash="x")
        s.add(staff)
        s.flush()
        conv = s.scalar(select(Conversation).where(Conversation.phone == PHONE,
                                                   Conversation.channel == "webchat"))
        s.add(Message(conversation_id=conv.id, direction="out", channel="webchat",
                      body="Hola María, soy la maestra.", language="es", status="replied",
                      staff_id=staff.id))
    newer = client.get(f"/chat/messages?after={last}").get_json()["messages"]
    assert [(m["text"], m["from"]) for m in newer] == [("Hola María, soy la maestra.", "staff")]
    everything = client.get("/chat/messages?after=0").get_json()["messages"]
    assert "secreto" not in str(everything)
    assert [m["from"] for m in everything] == ["you", "bot", "staff"]


def test_get_after_ignores_nonsense(app, client, fake_rasa, family):
    chat_sign_in(client, app, family)
    post_message(client, "hola")
    assert len(client.get("/chat/messages?after=abc").get_json()["messages"]) == 2
    assert client.get("/chat/messages?after=999").get_json()["messages"] == []


def test_chat_link_url_is_a_full_link_to_the_sign_in_route(app, family):
    from bot.channels.webchat.sign_in import chat_link_url

    with app.test_request_context("/", base_url="https://showup.example"):
        url = chat_link_url(family)
    assert url.startswith("https://showup.example/chat/t/")
    assert read_chat_link(url.rsplit("/", 1)[1], secret_key="test-secret") == family


def test_a_client_id_from_another_familys_page_shows_nothing_of_theirs(app, client, fake_rasa,
                                                                       family):
    with app.extensions["db"].session() as s:
        other = make_family(s, phone="+19165550102", guardian_name="Ana Ruiz",
                            children=("Leo",), last_name="Ruiz").id
    chat_sign_in(client, app, family)
    client_id = str(uuid.uuid4())
    post_message(client, "Sofía tiene fiebre", client_id)
    intruder = app.test_client()
    chat_sign_in(intruder, app, other)
    data = post_message(intruder, "hola", client_id).get_json()
    assert data["messages"] == [] and "fiebre" not in str(data)


def test_odd_input_does_not_break_the_chat(app, client, fake_rasa, family):
    chat_sign_in(client, app, family)
    resp = post_message(client, "hola\x00")
    assert resp.status_code == 200
    assert resp.get_json()["messages"][0]["text"] == "hola"
    assert client.get("/chat/messages?after=²").status_code == 200
