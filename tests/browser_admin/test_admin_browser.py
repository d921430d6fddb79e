"""A clerk signs in with the demo login, opens the inbox, opens a waiting Spanish conversation,
sees the English translation beside the Spanish message, and replies (preview, then send); and
works the outreach list the clock fills. Screenshots in var/screenshots/: reply-preview.png,
conversation.png and outreach.png."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.conversations import PRIORITY_NORMAL, hand_off
from bot.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, seed
from bot.inbound import Inbound, Pipeline
from models import (
    Conversation,
    Guardian,
    Message,
    OutboxMessage,
    StaffTask,
    StaffUser,
    Student,
)
from scheduler.jobs import translate_pending
from tests.browser_admin.conftest import shot
from tests.factories import FakeRasa, FakeTranslator

pytestmark = pytest.mark.browser

SPANISH = "Hola, Isabella tiene miedo de ir a la escuela. ¿Puedo hablar con alguien?"
ENGLISH = "Hello, Isabella is afraid to go to school. Can I talk to someone?"
REPLY = "Thank you for telling us. Ms. Rivera will call you at 10 today."
REPLY_ES = "Gracias por avisarnos. La Sra. Rivera le llamará hoy a las 10."


@pytest.fixture
def demo(app, session):
    """The demo seed plus a conversation handed to staff by a Spanish-speaking father at the
    clerk's school, translated for staff by the clock's job."""
    seed(session)
    session.commit()
    db = app.extensions["db"]
    father = session.scalar(select(Guardian).where(Guardian.name == "Juan Carlos Mendoza"))
    reply = Pipeline(db, FakeRasa()).handle(Inbound(channel="sms", sender=father.phone,
                                                    body=SPANISH, provider_id="SMbrowser1"))
    with db.session() as s:
        hand_off(s.get(Conversation, reply.conversation_id), "asked_for_person",
                 PRIORITY_NORMAL)
    assert translate_pending(db=db, translator=FakeTranslator({SPANISH: ENGLISH}))[
        "translated"] == 1
    app.extensions["pipeline"].translator = FakeTranslator({REPLY: REPLY_ES})
    return reply.conversation_id


def test_clerk_reads_a_translated_conversation_and_replies(browser_thread, live_server, demo,
                                                           session):
    browser_thread.run(_read_and_reply, live_server, demo)
    session.expire_all()
    sent = session.scalar(select(Message).where(Message.staff_id.is_not(None)))
    assert (sent.body, sent.translation_en, sent.language) == (REPLY_ES, REPLY, "es")
    row = session.scalar(select(OutboxMessage).where(
        OutboxMessage.idempotency_key == f"staff-reply:{sent.id}"))
    assert row is not None and row.kind == "staff_reply"


def _read_and_reply(page, live_server, demo):
    """In the browser thread (see conftest.BrowserThread)."""
    from playwright.sync_api import expect

    clerk = next(email for email, role in DEMO_LOGINS if role == "school")
    page.goto(f"{live_server}/admin/")
    expect(page.get_by_role("heading", name="Staff sign in")).to_be_visible()
    page.get_by_label("Email").fill(clerk)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    waiting = page.locator("#waiting")
    expect(waiting).to_contain_text("Juan Carlos Mendoza")
    expect(waiting).to_contain_text("Asked to talk to a person")
    expect(waiting).to_contain_text(ENGLISH)  # the English preview
    # Keyboard: j selects the first waiting conversation, Enter opens it.
    page.keyboard.press("j")
    expect(page.locator("#waiting tr.row.selected")).to_contain_text("Juan Carlos Mendoza")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/admin/c/{demo}$"))

    message = page.locator("li.msg.in").first
    original, english = message.locator(".original"), message.locator(".english")
    expect(original).to_have_text(SPANISH)
    expect(english).to_have_text(ENGLISH)
    left, right = original.bounding_box(), english.bounding_box()
    assert right["x"] > left["x"] + left["width"] - 1 and abs(right["y"] - left["y"]) < 5, \
        "the translation sits beside the original"
    expect(page.locator("aside")).to_contain_text("Isabella Mendoza")

    page.keyboard.press("r")
    expect(page.locator("#reply-text")).to_be_focused()
    page.keyboard.type(REPLY)
    page.get_by_role("button", name="Preview translation").click()
    expect(page.get_by_role("heading", name="Check before sending")).to_be_visible()
    expect(page.locator("textarea[name=body]")).to_have_value(REPLY_ES)
    shot(page, "reply-preview")

    page.get_by_role("button", name="Send", exact=True).click()
    # "Reply sent." by day; at night the outbox holds it until quiet hours end.
    expect(page.locator(".flash.ok")).to_have_text(re.compile(r"^Reply (sent|queued)"))
    staff_message = page.locator("li.msg.out.staff")
    expect(staff_message.locator(".original")).to_have_text(REPLY_ES)
    expect(staff_message.locator(".english")).to_contain_text(REPLY)
    shot(page, "conversation")


@pytest.fixture
def outreach_task(app, session):
    """The demo seed and a silent-absence task for a student at the demo clerk's school."""
    seed(session)
    clerk = session.scalar(select(StaffUser).where(
        StaffUser.email == next(email for email, role in DEMO_LOGINS if role == "school")))
    student = session.scalar(select(Student).where(Student.school_id == clerk.schools[0].id)
                             .order_by(Student.id))
    session.add(StaffTask(key=f"silent:{student.id}:browser", kind="silent_absence",
                          student_id=student.id, school_id=student.school_id,
                          details={"days": ["2026-11-30", "2026-12-01", "2026-12-02"],
                                   "family_texted": True}))
    session.commit()
    return f"{student.first_name} {student.last_name}"


def test_clerk_works_the_outreach_list(browser_thread, live_server, outreach_task, session):
    browser_thread.run(_work_outreach, live_server, outreach_task)
    session.expire_all()
    task = session.scalar(select(StaffTask))
    assert task.done_at is not None and task.done_by_id is not None


def _work_outreach(page, live_server, student):
    from playwright.sync_api import expect

    clerk = next(email for email, role in DEMO_LOGINS if role == "school")
    page.goto(f"{live_server}/admin/login")
    page.get_by_label("Email").fill(clerk)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Outreach").click()
    table = page.locator("#outreach")
    expect(table).to_contain_text(student)
    expect(table).to_contain_text("Absent Mon Nov 30, Tue Dec 1, Wed Dec 2; no reason given")
    shot(page, "outreach")
    table.get_by_role("button", name="Done").click()
    expect(page.locator(".flash.ok")).to_have_text("Marked done.")
    expect(page.get_by_text("No family needs a call right now.")).to_be_visible()
