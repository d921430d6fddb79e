"""A long conversation rolls over to a new Rasa session every SESSION_TURNS family messages
(flows/showup_components/bounded_sessions.py), so its cost stays that of a short one — and the
family does not notice: the count of messages not understood carries over, and a form in
progress finishes before the session rolls. Through the webhook, the real Rasa server with its
SQL tracker store and the real action server."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import create_engine, select, text

from bot.inbound import rasa_sender_id
from bot.messages.render import render
from config import ROOT
from models import AbsenceReport, Conversation
from tests.integration.helpers import Family

pytestmark = pytest.mark.rasa

# Read from the module's source: it imports Rasa, which lives in another environment.
SESSION_TURNS = int(re.search(r"^SESSION_TURNS = (\d+)$", (
    ROOT / "flows" / "showup_components" / "bounded_sessions.py").read_text(), re.M).group(1))
SMALL_TALK = {"en": ("hi", "thank you", "what time does school start?"),
              "es": ("hola", "gracias", "¿a qué hora empieza la escuela?")}


def chat(family: Family, count: int) -> None:
    """``count`` messages the bot answers at once, each leaving the dialogue at rest."""
    words = SMALL_TALK[family.language]
    for i in range(count):
        assert family.says(words[i % len(words)])


def tracker_events(rasa_server, app, phone: str) -> list[dict]:
    """Every event Rasa stored for this family's conversation, all sessions, in order."""
    with app.extensions["db"].session() as s:
        conv = s.scalars(select(Conversation).where(Conversation.phone == phone)).one()
        sender = rasa_sender_id(conv)
    engine = create_engine(rasa_server["tracker_url"])
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"),
                                {"s": sender}).scalars().all()
    finally:
        engine.dispose()
    return [json.loads(row) for row in rows]


def user_messages_before_each_session(events: list[dict]) -> list[int]:
    """For each session start, how many family messages came before it."""
    seen, starts = 0, []
    for event in events:
        if event["event"] == "user":
            seen += 1
        elif event["event"] == "session_started":
            starts.append(seen)
    return starts


def test_a_long_conversation_rolls_over_and_carries_the_not_understood_count(live_app,
                                                                            rasa_server):
    family = Family(live_app, language="en", phone="+19165550181")
    chat(family, SESSION_TURNS - 1)
    family.says("asdfgh qwerty")      # the 10th message: not understood once
    family.says("zxcvb poiuy")        # the 11th opens a new session: twice, so to staff
    with live_app.extensions["db"].session() as s:
        conv = s.scalars(select(Conversation).where(Conversation.phone == family.phone)).one()
        assert (conv.state, conv.handoff_reason) == ("waiting", "not_understood")
    events = tracker_events(rasa_server, live_app, family.phone)
    assert user_messages_before_each_session(events) == [0, SESSION_TURNS]
    # The new session starts with the slots of the old one: the fallback count among them.
    second = max(i for i, e in enumerate(events) if e["event"] == "session_started")
    counts = [e["value"] for e in events[second:]
              if e["event"] == "slot" and e["name"] == "fallback_count"]
    assert counts == [1, 0]  # carried over, then set back to 0 when it handed over
    # Each slot carried once, with its value now: not the old session's every change (that
    # would make each new session start longer than the last).
    first_user = next(i for i in range(second, len(events)) if events[i]["event"] == "user")
    carried = [e["name"] for e in events[second:first_user] if e["event"] == "slot"]
    assert carried and len(carried) == len(set(carried))


def test_a_form_in_progress_finishes_before_the_session_rolls_over(live_app, rasa_server):
    family = Family(live_app, language="es", children=("Sofia", "Jose"), phone="+19165550182")
    chat(family, SESSION_TURNS - 1)
    assert family.says("mi hijo esta enfermo hoy, tiene gripa") == [render(
        {"template": "ask_child", "vars": {"children": {"list": ["Jose", "Sofia"]}}}, "es")]
    family.says("jose")  # the 11th message: the form is still asking, so no new session yet
    with live_app.extensions["db"].session() as s:
        [report] = s.scalars(select(AbsenceReport)).all()
        assert (report.student_id, report.reason) == (family.children["Jose"], "illness")
    assert family.says("gracias") == [render({"template": "thanks"}, "es")]  # the 12th: rolls
    events = tracker_events(rasa_server, live_app, family.phone)
    assert user_messages_before_each_session(events) == [0, SESSION_TURNS + 1]
