"""The family web chat in a real Chromium on a phone-sized screen: sign in by personal link or
by code, type with the keyboard, Enter sends, the bot's reply and a staff reply appear, the page
speaks the family's language and mirrors for Arabic. No sleeps: Playwright waits."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.channels.webchat.sign_in import make_chat_link
from bot.messages.render import render
from models import Conversation, Message, OutboxMessage, StaffUser
from tests.factories import make_family

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the python 'playwright' package is not installed")
expect = sync_api.expect

pytestmark = pytest.mark.browser
SCHOOL = "Bret Harte Elementary School"
SCREENSHOT = "/tmp/webchat.png"


def t(name: str, language: str, **variables) -> str:
    return render({"template": name, "vars": variables}, language)


def new_family(app, language: str, phone: str = "+19165550101") -> int:
    with app.extensions["db"].session() as s:
        return make_family(s, language=language, phone=phone).id


def open_personal_link(page, live_server, app, guardian_id: int) -> None:
    token = make_chat_link(guardian_id, secret_key=app.config["SECRET_KEY"])
    page.goto(f"{live_server}/chat/t/{token}")
    expect(page).to_have_url(re.compile(r"/chat$"))


def test_family_types_presses_enter_and_sees_the_reply(live_server, app, fake_rasa,
                                                        phone_page):
    page = phone_page
    open_personal_link(page, live_server, app, new_family(app, "es"))
    box = page.get_by_label(t("chat_message_label", "es"))
    box.focus()
    page.keyboard.type("Sofía está enferma hoy")
    page.keyboard.press("Shift+Enter")  # a new line, not a send
    page.keyboard.type("tiene fiebre")
    expect(page.locator(".msg")).to_have_count(0)
    page.keyboard.press("Enter")

    mine = page.locator(".msg-in").last
    expect(mine.locator(".msg-text")).to_have_text("Sofía está enferma hoy\ntiene fiebre")
    expect(page.locator(".msg-out").last.locator(".msg-text")).to_have_text(t("thanks", "es"))
    expect(mine).to_have_attribute("data-id", re.compile(r"^\d+$"))  # confirmed by the server
    expect(box).to_have_value("")
    expect(box).to_be_focused()
    assert len(fake_rasa.sent) == 1
    with app.extensions["db"].session() as s:
        stored = s.scalars(select(Message).where(Message.direction == "in")).one()
        assert stored.body == "Sofía está enferma hoy\ntiene fiebre"
        assert stored.channel == "webchat" and stored.provider_id.startswith("webchat:")


def test_spanish_family_sees_spanish_labels_and_a_staff_reply(live_server, app, fake_rasa,
                                                              phone_page):
    page = phone_page
    open_personal_link(page, live_server, app, new_family(app, "es"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("chat_heading", "es",
                                                                 school=SCHOOL))
    expect(page.get_by_label(t("chat_message_label", "es"))).to_be_visible()
    expect(page.get_by_role("button", name=t("chat_send", "es"))).to_be_visible()
    expect(page.get_by_role("button", name=t("chat_sign_out", "es"))).to_be_visible()
    expect(page.get_by_role("log", name=t("chat_messages_label", "es"))).to_be_attached()

    page.get_by_label(t("chat_message_label", "es")).fill("¿A qué hora empieza la escuela?")
    page.get_by_role("button", name=t("chat_send", "es")).click()
    expect(page.locator(".msg-out")).to_have_count(1)

    # A staff member answers from the admin page: the chat polls and shows it.
    with app.extensions["db"].session() as s:
        staff = StaffUser(email="clerk@example.org", name="Clerk", password_hash="x")
        s.add(staff)
        s.flush()
        conv = s.scalar(select(Conversation).where(Conversation.channel == "webchat"))
        s.add(Message(conversation_id=conv.id, direction="out", channel="webchat",
                      body="Hola María, la escuela empieza a las 8:00. ¿Cómo está Sofía?",
                      language="es", status="replied", staff_id=staff.id))
    expect(page.locator(".msg-out")).to_have_count(2)
    expect(page.locator(".msg-out").last).to_contain_text("la escuela empieza a las 8:00")

    page.screenshot(path=SCREENSHOT)
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_arabic_page_is_right_to_left(live_server, app, fake_rasa, phone_page):
    page = phone_page
    open_personal_link(page, live_server, app, new_family(app, "ar"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    box = page.get_by_label(t("chat_message_label", "ar"))
    box.fill("ابني مريض اليوم")
    box.press("Enter")
    expect(page.locator(".msg-out .msg-text")).to_have_text(t("thanks", "ar"))
    mine = page.locator(".msg-in").bounding_box()
    theirs = page.locator(".msg-out").bounding_box()
    # The family's own message sits at the inline end: the left, in Arabic.
    assert mine["x"] < theirs["x"]
    assert mine["x"] < 390 / 2 < theirs["x"] + theirs["width"]


def test_sign_in_with_phone_and_code(live_server, app, fake_rasa, phone_page):
    page = phone_page
    new_family(app, "es")
    page.goto(f"{live_server}/chat?lang=es")
    page.get_by_label(t("chat_phone_label", "es")).fill("(916) 555-0101")
    page.get_by_role("button", name=t("chat_send_code", "es")).click()
    expect(page.get_by_text(t("chat_code_sent", "es"))).to_be_visible()
    with app.extensions["db"].session() as s:
        body = s.scalars(select(OutboxMessage.body)).one()
    code = re.search(r"\b(\d{6})\b", body).group(1)
    page.get_by_label(t("chat_code_label", "es")).fill(code)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/chat$"))
    expect(page.get_by_label(t("chat_message_label", "es"))).to_be_visible()


def test_expired_link_page_offers_the_phone_form(live_server, app, fake_rasa, phone_page):
    page = phone_page
    page.goto(f"{live_server}/chat/t/not-a-real-link")
    expect(page.get_by_text(t("chat_link_expired", "en"))).to_be_visible()
    expect(page.get_by_text(t("chat_link_expired", "ar"))).to_have_attribute("dir", "rtl")
    expect(page.get_by_label(t("chat_phone_label", "en"), exact=True)).to_be_visible()
