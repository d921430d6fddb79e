"""Retention against Rasa's own SQL tracker store: a conversation through the real Rasa leaves
events with the family's words; a year later the retention job erases them, and ShowUp's
copy of the text, while the absence it recorded stays."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import create_engine, select, text

from bot.retention import erase_old_bodies, erase_old_tracker_events
from models import AbsenceReport, Message
from models.base import utcnow
from tests.integration.helpers import Family

pytestmark = pytest.mark.rasa


def tracker_texts(url: str) -> list[str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT data FROM events WHERE type_name = 'user'")).scalars()
        found = [row for row in rows if "enferma" in row]
    engine.dispose()
    return found


def test_a_year_later_the_words_are_gone_and_the_record_stays(live_app, rasa_server):
    family = Family(live_app, language="es", phone="+19165550177")
    family.says("Sofía está enferma hoy, no va a ir a la escuela")
    url = rasa_server["tracker_url"]
    assert tracker_texts(url)  # Rasa keeps the family's words in its events
    later = utcnow() + timedelta(days=366)
    assert erase_old_tracker_events(url, later, 365) > 0
    assert tracker_texts(url) == []
    with live_app.extensions["db"].session() as s:
        assert erase_old_bodies(s, later, 365)["messages"] >= 2
        assert all(m.body == "" for m in s.scalars(select(Message)))
        assert s.scalar(select(AbsenceReport.reason)) == "illness"
