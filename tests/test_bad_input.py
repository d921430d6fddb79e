"""Bad input gets a clear answer before any work: oversized bodies (413), ids out of range in
URLs and query strings (404, never 500)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from models import Message
from tests.factories import (
    SMS_URL,
    add_conversation,
    chat_sign_in,
    login,
    make_family,
    make_school,
    make_staff,
    post,
    sign,
)

HUGE = "9" * 30


def test_a_signed_one_megabyte_webhook_is_refused_before_any_work(app, client, fake_rasa):
    params = {"From": "+19165550101", "To": "+19165550000", "Body": "x" * 1_000_000,
              "MessageSid": "SMhuge", "NumMedia": "0"}
    resp = client.post(SMS_URL, data=params, headers={"X-Twilio-Signature": sign(SMS_URL, params)})
    assert resp.status_code == 413
    assert fake_rasa.sent == []
    with app.extensions["db"].session() as s:
        assert s.scalar(select(func.count()).select_from(Message)) == 0


def test_a_long_but_legal_message_is_kept_whole(app, client, fake_rasa):
    from tests.factories import send_sms

    with app.extensions["db"].session() as s:
        make_family(s)
    body = "Sofía está enferma. " * 150  # 3,000 characters: more than one SMS, under the cap
    assert send_sms(client, body).status_code == 200
    with app.extensions["db"].session() as s:
        assert s.scalar(select(Message.body).where(Message.direction == "in")) == body


def test_an_oversized_web_chat_post_is_refused(app, client):
    with app.extensions["db"].session() as s:
        guardian_id = make_family(s).id
    chat_sign_in(client, app, guardian_id)
    resp = client.post("/chat/messages", data=json.dumps({"text": "x" * 200_000}),
                       content_type="application/json",
                       headers={"X-Requested-With": "showup-chat"})
    assert resp.status_code == 413


@pytest.fixture
def clerk(app, client, session):
    school = make_school(session)
    guardian = make_family(session, school=school)
    conv = add_conversation(session, guardian, school, messages=[("hola", "es", "hello")])
    make_staff(session, "clerk@school.org", schools=[school])
    session.commit()
    login(client, "clerk@school.org")
    return conv.id


@pytest.mark.parametrize("path", [f"/admin/c/{HUGE}", "/admin/c/0", "/admin/c/2147483648",
                                  f"/admin/simulator?guardian={HUGE}",
                                  "/admin/simulator?guardian=abc"])
def test_out_of_range_ids_in_admin_urls_are_404(client, clerk, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("action", ["close", "assign", "give-back", "translate", "reply"])
def test_out_of_range_ids_in_admin_posts_are_404(client, clerk, action):
    assert post(client, f"/admin/c/{HUGE}/{action}").status_code == 404


def test_out_of_range_guardian_in_the_simulator_form_is_404(client, clerk):
    assert post(client, "/admin/simulator", guardian=HUGE, text="hola").status_code == 404


def test_out_of_range_after_in_the_web_chat_poll_is_404(app, client):
    with app.extensions["db"].session() as s:
        guardian_id = make_family(s).id
    chat_sign_in(client, app, guardian_id)
    assert client.get(f"/chat/messages?after={HUGE}").status_code == 404
    assert client.get("/chat/messages?after=0").status_code == 200
