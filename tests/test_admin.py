"""The staff admin page: sign-in, CSRF, school scoping, audit, replies with translation, the
translation job, and the conversation state actions. Real database, fake Rasa, fake or local
translation service (never the internet)."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from bot.conversations import PRIORITY_HIGH, PRIORITY_URGENT
from models import AuditEvent, Conversation, Message, OutboxMessage
from models.base import utcnow
from tests.factories import (
    FakeTranslator,
    add_conversation,
    login,
    make_family,
    make_school,
    make_staff,
    post,
    send_sms,
)

PASSWORD = "correct horse battery"


@pytest.fixture
def world(app, session):
    """Two schools, a Spanish family at each, an unknown number, a clerk per school and a
    district user."""
    a = make_school(session, code="AAA", name="Alder Elementary")
    b = make_school(session, code="BBB", name="Birch Elementary")
    maria = make_family(session, school=a, phone="+19165550101", language="es",
                        guardian_name="Maria Lopez", children=("Sofia",))
    li = make_family(session, school=b, phone="+19165550102", language="zh",
                     guardian_name="Li Wei", children=("Ming",), last_name="Wei")
    conv_a = add_conversation(session, maria, a, reason="absence:housing",
                              priority=PRIORITY_HIGH, age=timedelta(minutes=30), messages=[
                                  ("Nos van a sacar del apartamento", "es",
                                   "They are going to evict us from the apartment")])
    conv_b = add_conversation(session, li, b, messages=[("我想和老師談談", "zh", None)])
    unknown = add_conversation(session, None, None, phone="+19165550199",
                               reason="unknown_number", messages=[("Hi who is this", "en", None)])
    clerk_a = make_staff(session, "clerk.a@school.org", schools=[a], name="Ana Clerk")
    clerk_b = make_staff(session, "clerk.b@school.org", schools=[b], name="Ben Clerk")
    district = make_staff(session, "district@district.org", role="district", name="Dee Office")
    session.commit()
    return {"a": a, "b": b, "maria": maria, "li": li, "conv_a": conv_a.id,
            "conv_b": conv_b.id, "unknown": unknown.id, "clerk_a": clerk_a.id,
            "clerk_b": clerk_b.id, "district": district.id}


def audits(session, action=None):
    session.expire_all()
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return session.scalars(query).all()


# --- sign-in -------------------------------------------------------------------------------
def test_login_good_and_bad(client, session, world):
    bad = login(client, "clerk.a@school.org", "wrong password")
    assert bad.status_code == 401
    assert "Wrong email or password" in bad.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302
    unknown = login(client, "nobody@school.org", "whatever")
    assert unknown.status_code == 401

    good = login(client, "Clerk.A@School.org")  # email is case-insensitive
    assert good.status_code == 302 and good.headers["Location"].endswith("/admin/")
    cookie = good.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/admin/")
    assert page.status_code == 200 and "Ana Clerk" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert [e.action for e in audits(session)][:3] == ["login_failed", "login_failed", "login"]

    assert post(client, "/admin/logout").status_code == 302
    assert client.get("/admin/").status_code == 302


def test_pages_redirect_to_login_and_back(client, world):
    resp = client.get(f"/admin/c/{world['conv_a']}")
    assert resp.status_code == 302
    assert "/admin/login?next=" in resp.headers["Location"]
    back = login(client, "clerk.a@school.org",
                 query_string={"next": f"/admin/c/{world['conv_a']}"})
    assert back.headers["Location"].endswith(f"/admin/c/{world['conv_a']}")


def test_login_never_redirects_off_site(client, world):
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        resp = login(client, "clerk.a@school.org", query_string={"next": target})
        assert resp.headers["Location"].endswith("/admin/"), target
        post(client, "/admin/logout")


def test_csrf_token_is_required_on_every_post(client, session, world):
    # The login form itself.
    client.get("/admin/login")
    resp = client.post("/admin/login", data={"email": "clerk.a@school.org",
                                             "password": PASSWORD})
    assert resp.status_code == 400
    login(client, "clerk.a@school.org")
    conv = world["conv_a"]
    for url in (f"/admin/c/{conv}/close", f"/admin/c/{conv}/reply", "/admin/logout",
                "/admin/simulator"):
        assert client.post(url, data={"text": "hi"}).status_code == 400, url
        assert client.post(url, data={"csrf_token": "forged", "text": "hi"}).status_code == 400
    session.expire_all()
    assert session.get(Conversation, conv).state == "waiting"
    assert client.get("/admin/").status_code == 200  # still signed in


# --- scoping -------------------------------------------------------------------------------
def test_school_clerk_sees_only_their_school(client, session, world):
    login(client, "clerk.a@school.org")
    inbox = client.get("/admin/").get_data(as_text=True)
    assert "Maria Lopez" in inbox
    assert "Li Wei" not in inbox and "Unknown number" not in inbox
    for url in (f"/admin/c/{world['conv_b']}", f"/admin/c/{world['unknown']}"):
        assert client.get(url).status_code == 404
    for action in ("close", "give-back", "assign", "translate"):
        assert post(client, f"/admin/c/{world['conv_b']}/{action}").status_code == 404
    assert post(client, f"/admin/c/{world['conv_b']}/reply", text="hi").status_code == 404
    assert post(client, f"/admin/c/{world['conv_b']}/reply", step="send", text="hi",
                body="hi", language="zh").status_code == 404
    session.expire_all()
    assert session.get(Conversation, world["conv_b"]).state == "waiting"
    assert session.scalar(select(Message).where(Message.staff_id.is_not(None))) is None
    # No read of another school's conversation was recorded: there was none.
    assert not audits(session, "read_conversation")


def test_district_sees_every_school_and_unknown_numbers(client, world):
    login(client, "district@district.org")
    inbox = client.get("/admin/").get_data(as_text=True)
    assert "Maria Lopez" in inbox and "Li Wei" in inbox
    assert "Unknown number ••0199" in inbox
    assert "5550199" not in inbox  # last four digits only
    for conv in ("conv_a", "conv_b", "unknown"):
        assert client.get(f"/admin/c/{world[conv]}").status_code == 200


def test_family_panel_hides_children_at_other_schools(client, session, world):
    # Maria also has a child at Birch: the Alder clerk sees Sofia, not Ming's classmate.
    from models import Student, StudentGuardian

    maria = session.get(type(world["maria"]), world["maria"].id)
    other = Student(sis_id="X1", first_name="Pablo", last_name="Lopez", grade="5",
                    school_id=world["b"].id)
    session.add(other)
    session.flush()
    session.add(StudentGuardian(student=other, guardian=maria, relationship_label="mother"))
    session.commit()
    login(client, "clerk.a@school.org")
    page = client.get(f"/admin/c/{world['conv_a']}").get_data(as_text=True)
    assert "Sofia Lopez" in page and "Pablo" not in page
    post(client, "/admin/logout")
    login(client, "district@district.org")
    page = client.get(f"/admin/c/{world['conv_a']}").get_data(as_text=True)
    assert "Sofia Lopez" in page and "Pablo Lopez" in page


# --- inbox ---------------------------------------------------------------------------------
def test_inbox_order_and_rows(client, session, world):
    a = world["a"]
    old_normal = add_conversation(session, make_family(
        session, school=a, phone="+19165550111", guardian_name="Old Normal", language="en"),
        a, age=timedelta(hours=3), messages=[("Can someone call me", "en", None)])
    new_normal = add_conversation(session, make_family(
        session, school=a, phone="+19165550112", guardian_name="New Normal", language="en"),
        a, age=timedelta(minutes=5), messages=[("Hello?", "en", None)])
    urgent = add_conversation(session, make_family(
        session, school=a, phone="+19165550113", guardian_name="Urgent Family", language="vi"),
        a, reason="absence:safety", priority=PRIORITY_URGENT, age=timedelta(minutes=1),
        messages=[("Con tôi sợ đến trường", "vi", None)])
    bot = add_conversation(session, make_family(
        session, school=a, phone="+19165550114", guardian_name="Bot Family", language="en"),
        a, state="bot", messages=[("thanks", "en", None)])
    session.commit()
    login(client, "clerk.a@school.org")
    html = client.get("/admin/").get_data(as_text=True)
    waiting_html, recent_html = html.split("Recent conversations with the bot")
    order = [name for name in ("Urgent Family", "Maria Lopez", "Old Normal", "New Normal")]
    positions = [waiting_html.index(name) for name in order]
    assert positions == sorted(positions), "priority first, then the longest waiting"
    assert "Bot Family" in recent_html and "Bot Family" not in waiting_html
    assert "Absence: safety concern" in waiting_html and "urgent" in waiting_html
    assert "Absence: housing problem" in waiting_html
    assert "They are going to evict us from the apartment" in waiting_html  # English preview
    assert "Vietnamese, not yet translated" in waiting_html
    assert "Alder Elementary" in waiting_html
    read = audits(session, "read_inbox")[-1]
    assert set(read.details["conversations"]) >= {urgent.id, old_normal.id, new_normal.id,
                                                  bot.id, world["conv_a"]}


# --- the conversation and its audit ---------------------------------------------------------
def test_every_read_writes_an_audit_row(client, session, world):
    login(client, "clerk.a@school.org")
    conv = world["conv_a"]
    page = client.get(f"/admin/c/{conv}")
    html = page.get_data(as_text=True)
    assert "Nos van a sacar del apartamento" in html
    assert "They are going to evict us from the apartment" in html
    assert "Sofia Lopez" in html
    client.get(f"/admin/c/{conv}")
    post(client, f"/admin/c/{conv}/reply", text="We can help.")  # the preview shows it too
    reads = audits(session, "read_conversation")
    assert len(reads) == 3
    assert {(e.staff_id, e.subject_type, e.subject_id) for e in reads} == {
        (world["clerk_a"], "conversation", conv)}
    for event in audits(session):  # no phone number or message text in any audit row
        text = json.dumps(event.details)
        assert "555" not in text and "apartamento" not in text and "help" not in text


def test_conversation_shows_media_and_family_records(client, session, world):
    from datetime import date

    from models import AbsenceReport, Event, ResourceRequest, Rsvp

    maria = world["maria"]
    sofia = maria.students[0]
    session.add(Message(conversation_id=world["conv_a"], direction="in", body="nota del doctor",
                        language="es", translation_en="doctor's note",
                        media=[{"url": "https://api.twilio.com/media/ME1",
                                "content_type": "image/jpeg"},
                               {"url": "javascript:alert(1)", "content_type": "text/html"}]))
    session.add(AbsenceReport(student_id=sofia.id, guardian_id=maria.id, day=date(2026, 9, 14),
                              kind="absence", reason="illness"))
    event = Event(school_id=world["a"].id, title="Family Literacy Night", code="literacy",
                  starts_at=utcnow() + timedelta(days=7))
    session.add(event)
    session.flush()
    session.add(Rsvp(event_id=event.id, guardian_id=maria.id, answer="yes", adults=2,
                     children=3))
    session.add(ResourceRequest(guardian_id=maria.id, school_id=world["a"].id,
                                resource_type="food"))
    session.commit()
    login(client, "clerk.a@school.org")
    html = client.get(f"/admin/c/{world['conv_a']}").get_data(as_text=True)
    assert 'href="https://api.twilio.com/media/ME1"' in html and "image/jpeg" in html
    assert "javascript:alert" not in html
    assert "Sofia · absence · illness" in html
    assert "Family Literacy Night" in html and "<strong>yes</strong>" in html
    assert ">food</a> · new · " in html


def test_translation_pending_then_unavailable_then_retry(app, client, session, world):
    conv = world["conv_b"]
    login(client, "clerk.b@school.org")
    assert "translation pending" in client.get(f"/admin/c/{conv}").get_data(as_text=True)
    message = session.scalar(select(Message).where(Message.conversation_id == conv))
    message.created_at = utcnow() - timedelta(minutes=10)  # the clock had its chance
    session.commit()
    html = client.get(f"/admin/c/{conv}").get_data(as_text=True)
    assert "translation unavailable" in html and ">Retry</button>" in html

    app.extensions["pipeline"].translator = FakeTranslator(down=True)
    resp = post(client, f"/admin/c/{conv}/translate")
    assert resp.status_code == 302
    html = client.get(f"/admin/c/{conv}").get_data(as_text=True)
    assert "translation service is still unavailable" in html
    assert "translation unavailable" in html

    app.extensions["pipeline"].translator = FakeTranslator(
        {"我想和老師談談": "I want to talk to the teacher"})
    post(client, f"/admin/c/{conv}/translate")
    session.expire_all()
    assert session.get(Message, message.id).translation_en == "I want to talk to the teacher"
    html = client.get(f"/admin/c/{conv}").get_data(as_text=True)
    assert "I want to talk to the teacher" in html and "Translated 1 message" in html
    assert [e.details for e in audits(session, "retry_translation")] == [
        {"translated": 0, "missing": 1}, {"translated": 1, "missing": 0}]


# --- replies -------------------------------------------------------------------------------
def test_reply_preview_then_send_stores_both_and_queues_sms(app, client, session, world):
    english = "We are sorry. A counselor will call you today."
    spanish = "Lo sentimos. Un consejero le llamará hoy."
    translator = FakeTranslator({english: spanish})
    app.extensions["pipeline"].translator = translator
    conv = world["conv_a"]
    login(client, "clerk.a@school.org")

    preview = post(client, f"/admin/c/{conv}/reply", text=english)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Check before sending" in html
    assert spanish in html and english in html
    assert translator.calls == [(english, "en", "es")]
    assert session.scalar(select(Message).where(Message.staff_id.is_not(None))) is None

    sent = post(client, f"/admin/c/{conv}/reply", step="send", text=english, body=spanish,
                language="es")
    assert sent.status_code == 302
    session.expire_all()
    message = session.scalar(select(Message).where(Message.staff_id == world["clerk_a"]))
    assert (message.direction, message.body, message.translation_en, message.language,
            message.channel) == ("out", spanish, english, "es", "sms")
    row = session.scalar(select(OutboxMessage))
    assert row.idempotency_key == f"staff-reply:{message.id}"
    assert (row.kind, row.conversation_id, row.body, row.to, row.language, row.message_id) == (
        "staff_reply", conv, spanish, "+19165550101", "es", message.id)
    assert row.status == "queued"
    conversation = session.get(Conversation, conv)
    assert conversation.assignee_id == world["clerk_a"]
    assert [e.details for e in audits(session, "reply")] == [
        {"message_id": message.id, "untranslated": False}]
    html = client.get(f"/admin/c/{conv}").get_data(as_text=True)
    assert "Reply" in html and spanish in html and english in html
    # Answered: it drops below the conversations still waiting for a first answer.
    inbox = client.get("/admin/").get_data(as_text=True)
    assert "answered" in inbox


def test_reply_on_web_chat_stores_the_message_only(app, client, session, world):
    app.extensions["pipeline"].translator = FakeTranslator()
    web = add_conversation(session, world["maria"], world["a"], channel="webchat",
                           messages=[("Hola", "es", "Hello")])
    session.commit()
    login(client, "clerk.a@school.org")
    post(client, f"/admin/c/{web.id}/reply", step="send", text="Hello!", body="¡Hola!",
         language="es")
    session.expire_all()
    message = session.scalar(select(Message).where(Message.staff_id.is_not(None)))
    assert (message.channel, message.body, message.translation_en) == ("webchat", "¡Hola!",
                                                                       "Hello!")
    assert session.scalar(select(OutboxMessage)) is None


def test_reply_when_translation_is_unavailable(app, client, session, world):
    # TestConfig turns translation off: the real Translator raises TranslationUnavailable.
    conv = world["conv_a"]
    login(client, "clerk.a@school.org")
    preview = post(client, f"/admin/c/{conv}/reply", text="Please call the office.")
    html = preview.get_data(as_text=True)
    assert "Translation service unavailable" in html and "Send untranslated" in html
    post(client, f"/admin/c/{conv}/reply", step="send", text="Please call the office.",
         body="Please call the office.", language="es")
    session.expire_all()
    message = session.scalar(select(Message).where(Message.staff_id.is_not(None)))
    assert message.body == message.translation_en == "Please call the office."
    assert audits(session, "reply")[-1].details["untranslated"] is True
    html = client.get(f"/admin/c/{conv}").get_data(as_text=True)
    assert "sent untranslated" in html
    assert session.scalar(select(OutboxMessage)).body == "Please call the office."


def test_reply_validation(app, client, session, world):
    login(client, "clerk.a@school.org")
    conv = world["conv_a"]
    assert post(client, f"/admin/c/{conv}/reply", text="   ").status_code == 400
    resp = post(client, f"/admin/c/{conv}/reply", step="send", text="x", body="y" * 2000,
                language="es")
    assert resp.status_code == 400 and "too long" in resp.get_data(as_text=True)
    assert session.scalar(select(Message).where(Message.staff_id.is_not(None))) is None


def test_reply_to_opted_out_family_is_kept_not_sent(app, client, session, world):
    app.extensions["pipeline"].translator = FakeTranslator()
    maria = session.get(type(world["maria"]), world["maria"].id)
    maria.opted_out = True
    session.commit()
    login(client, "clerk.a@school.org")
    resp = post(client, f"/admin/c/{world['conv_a']}/reply", step="send", text="Hi",
                body="Hola", language="es")
    assert resp.status_code == 302
    assert session.scalar(select(OutboxMessage)).status == "suppressed"
    html = client.get(f"/admin/c/{world['conv_a']}").get_data(as_text=True)
    assert "NOT sent" in html


# --- state actions -------------------------------------------------------------------------
def test_close_give_back_and_assign(client, session, world):
    login(client, "clerk.a@school.org")
    conv = world["conv_a"]
    post(client, f"/admin/c/{conv}/assign")
    session.expire_all()
    assert session.get(Conversation, conv).assignee_id == world["clerk_a"]

    post(client, f"/admin/c/{conv}/give-back")
    session.expire_all()
    c = session.get(Conversation, conv)
    assert (c.state, c.handoff_reason, c.priority, c.assignee_id) == ("bot", None, 0, None)
    inbox = client.get("/admin/").get_data(as_text=True)
    waiting_html, recent_html = inbox.split("Recent conversations with the bot")
    assert "Maria Lopez" in recent_html and "Maria Lopez" not in waiting_html

    post(client, f"/admin/c/{conv}/close")
    session.expire_all()
    assert session.get(Conversation, conv).state == "closed"
    assert "Maria Lopez" not in client.get("/admin/").get_data(as_text=True)
    assert client.get(f"/admin/c/{conv}").status_code == 200  # still readable
    assert [e.action for e in audits(session) if e.subject_type == "conversation" and
            e.subject_id == conv and e.action != "read_conversation"] == [
        "assign", "give_back", "close"]


def test_given_back_conversation_reaches_the_bot_again(app, client, session, world, fake_rasa):
    login(client, "clerk.a@school.org")
    send_sms(client, "hola otra vez")  # waiting: staff have it, Rasa is not asked
    assert fake_rasa.sent == []
    post(client, f"/admin/c/{world['conv_a']}/give-back")
    send_sms(client, "gracias")
    assert [s["text"] for s in fake_rasa.sent] == ["gracias"]


# --- the translation job -------------------------------------------------------------------
def _messages(session, conv_id, rows):
    ids = []
    for direction, body, language, english in rows:
        m = Message(conversation_id=conv_id, direction=direction, body=body, language=language,
                    translation_en=english)
        session.add(m)
        session.flush()
        ids.append(m.id)
    session.commit()
    return ids


def test_translate_pending_job_with_a_fake_translator(app, session, world):
    from scheduler.jobs import translate_pending

    conv = world["conv_a"]
    ids = _messages(session, conv, [
        ("in", "Sofía está enferma hoy", "es", None),
        ("in", "Sofia is sick", "en", None),
        ("in", "ya traducido", "es", "already translated"),
        ("out", "Gracias", "es", None),  # the bot's own reply: not the job's
        ("in", "", "es", None),  # a photo only
    ])
    db = app.extensions["db"]
    down = FakeTranslator(down=True)
    assert translate_pending(db=db, translator=down) == {"found": 2, "translated": 0,
                                                         "failed": 2}
    assert len(down.calls) == 1  # the service is down: it stops at the first failure
    session.expire_all()
    assert session.get(Message, ids[0]).translation_en is None

    fake = FakeTranslator({"Sofía está enferma hoy": "Sofia is sick today"})
    result = translate_pending(db=db, translator=fake)
    # Maria's first message was translated already; Li's Chinese one was not (newest first).
    assert result == {"found": 2, "translated": 2, "failed": 0}
    assert [c[0] for c in fake.calls] == ["Sofía está enferma hoy", "我想和老師談談"]
    session.expire_all()
    got = {i: session.get(Message, i).translation_en for i in ids}
    assert got == {ids[0]: "Sofia is sick today", ids[1]: None, ids[2]: "already translated",
                   ids[3]: None, ids[4]: None}


def test_translate_pending_limit_newest_first(app, session, world):
    from scheduler.jobs import translate_pending

    ids = _messages(session, world["conv_a"],
                    [("in", f"mensaje {n}", "es", None) for n in range(5)])
    fake = FakeTranslator()
    assert translate_pending(limit=3, db=app.extensions["db"], translator=fake)["translated"] == 3
    assert [c[0] for c in fake.calls] == ["mensaje 4", "mensaje 3", "mensaje 2"]
    session.expire_all()
    assert session.get(Message, ids[0]).translation_en is None


class _FakeGoogle(BaseHTTPRequestHandler):
    """Answers googletrans' API ("gtx" client) like translate.googleapis.com does."""

    answers = {"Sofía está enferma hoy": "Sofia is sick today"}
    status = 200
    seen: list[dict] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        params = parse_qs(urlsplit(self.path).query)
        type(self).seen.append({k: v[0] for k, v in params.items() if k in ("sl", "tl", "q")})
        text = params["q"][0]
        body = json.dumps([[[self.answers.get(text, f"EN: {text}"), text, None, None]], None,
                           params["sl"][0]]).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep test output (and message text) out of the logs
        pass


@pytest.fixture
def google(monkeypatch):
    from googletrans import urls

    monkeypatch.setattr(urls, "TRANSLATE", urls.TRANSLATE)  # restored after the test
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    _FakeGoogle.status, _FakeGoogle.seen = 200, []
    server = HTTPServer(("127.0.0.1", 0), _FakeGoogle)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/translate_a/single"
    server.shutdown()
    server.server_close()


def test_translate_pending_job_through_googletrans_on_a_local_server(app, session, world,
                                                                      google):
    from bot.clients.translation import Translator
    from scheduler.jobs import translate_pending

    def run_job(translator):
        # In a worker thread, as APScheduler runs it in the clock: googletrans needs
        # asyncio.run(), which refuses a thread where a loop already runs (a session-wide
        # Playwright in another test suite keeps one running in the main thread).
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(translate_pending, db=app.extensions["db"],
                               translator=translator).result()

    ids = _messages(session, world["conv_a"], [("in", "Sofía está enferma hoy", "es", None)])
    translator = Translator.from_config({"TRANSLATION_ENABLED": True, "TRANSLATION_TIMEOUT": 2,
                                  "TRANSLATION_URL_TEMPLATE": google})
    result = run_job(translator)
    assert result["translated"] == 2  # with Li's Chinese message
    assert {"sl": "es", "tl": "en", "q": "Sofía está enferma hoy"} in _FakeGoogle.seen
    session.expire_all()
    assert session.get(Message, ids[0]).translation_en == "Sofia is sick today"

    # The service refuses (429): nothing is stored, and never the original text as English.
    _FakeGoogle.status = 429
    more = _messages(session, world["conv_a"], [("in", "Mañana no viene", "es", None)])
    refused = Translator.from_config({"TRANSLATION_ENABLED": True, "TRANSLATION_TIMEOUT": 2,
                                       "TRANSLATION_URL_TEMPLATE": google})
    assert run_job(refused)["translated"] == 0
    session.expire_all()
    assert session.get(Message, more[0]).translation_en is None


def test_the_clock_runs_the_translation_job_every_30_seconds():
    from scheduler.__main__ import build_scheduler

    job = build_scheduler().get_job("translations")
    assert job.func_ref == "scheduler.jobs:translations"
    assert job.trigger.interval == timedelta(seconds=30)


def test_send_chat_link_texts_a_signed_link_in_the_family_language(app, client, session, world):
    from bot.channels.webchat.sign_in import read_chat_link

    login(client, "clerk.a@school.org")
    conv = world["conv_a"]
    post(client, f"/admin/c/{conv}/chat-link")
    post(client, f"/admin/c/{conv}/chat-link")  # twice the same day: one text
    rows = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "chat_link")).all()
    assert len(rows) == 1
    token = rows[0].body.rsplit("/chat/t/", 1)[1].split()[0]
    guardian_id = session.get(Conversation, conv).guardian_id
    with app.app_context():
        assert read_chat_link(token) == guardian_id
    assert rows[0].language == session.get(Conversation, conv).guardian.language
    assert "send_chat_link" in [e.action for e in audits(session)]
