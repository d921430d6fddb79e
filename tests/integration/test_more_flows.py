"""The remaining flows of the conversation engine through the real Rasa and action server:
RSVP changes of mind, nudge settings, school info, change of language, follow-ups by reason,
and the hand-off after two messages the bot does not understand."""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy import select

from bot.messages.render import render
from models import AbsenceReport, Conversation, Guardian, Rsvp
from tests.integration.helpers import Family

pytestmark = pytest.mark.rasa


def guardian(app, family) -> Guardian:
    with app.extensions["db"].session() as s:
        g = s.get(Guardian, family.guardian_id)
        s.expunge(g)
        return g


def test_a_later_no_updates_the_rsvp(live_app):
    family = Family(live_app, language="en")
    event_id = family.invite()
    family.says("yes we'll be there, me and 2 kids")
    family.says("actually we can't make it, sorry, I have to work")
    with live_app.extensions["db"].session() as s:
        [rsvp] = s.scalars(select(Rsvp).where(Rsvp.event_id == event_id)).all()
        assert rsvp.answer == "no"


@pytest.mark.parametrize(("language", "wake", "stop"), [
    ("en", "wake me at 6:45", "stop the morning texts"),
    ("es", "despiertame a las 6:45 por favor", "ya no quiero los mensajes de la mañana"),
])
def test_nudge_settings(live_app, language, wake, stop):
    family = Family(live_app, language=language)
    family.says(wake)
    g = guardian(live_app, family)
    assert (g.nudge_opt_in, g.nudge_time) == (True, time(6, 45))
    family.says(stop)
    assert guardian(live_app, family).nudge_opt_in is False


def test_school_info_comes_from_the_database(live_app):
    family = Family(live_app, language="en")
    [reply] = family.says("what time does school start?")
    assert "Bret Harte Elementary School" in reply and "8:00" in reply


@pytest.mark.parametrize(("language", "text", "new"), [
    ("en", "en español por favor", "es"),
    ("es", "Hmoob", "hmn"),
])
def test_change_language(live_app, language, text, new):
    family = Family(live_app, language=language)
    replies = family.says(text)
    assert guardian(live_app, family).language == new
    assert replies == [render({"template": "language_changed", "vars": {"language": new}}, new)]


def test_no_ride_gets_transit_help(live_app):
    family = Family(live_app, language="es")
    family.add_resources()
    replies = family.says("Sofia no va hoy porque no tenemos carro")
    with live_app.extensions["db"].session() as s:
        [report] = s.scalars(select(AbsenceReport)).all()
        assert report.reason == "transportation"
    assert any("RydeFreeRT" in r for r in replies)


def test_hospital_gets_home_and_hospital_teaching_information(live_app):
    family = Family(live_app, language="en")
    # A bare "Sofia is in the hospital" is often read as a relative's emergency (the family
    # then gets a caring reply and a person): a known weak spot, see the README.
    replies = family.says("Sofia got admitted to the hospital last night with a high fever, "
                             "she wont be in today")
    assert render({"template": "followup_home_hospital", "vars": {"child": "Sofia"}},
                  "en") in replies


def test_not_understood_twice_goes_to_staff(live_app):
    family = Family(live_app, language="en")
    family.says("asdfgh qwerty")
    family.says("zxcvb poiuy")
    with live_app.extensions["db"].session() as s:
        [conv] = s.scalars(select(Conversation)).all()
        assert (conv.state, conv.handoff_reason) == ("waiting", "not_understood")


def test_a_child_named_in_the_family_script_is_found(live_app):
    family = Family(live_app, language="ps", children=("Bilal", "Mariam"))
    replies = family.says("بلال نن ناروغه دی، تبه لري")
    with live_app.extensions["db"].session() as s:
        [report] = s.scalars(select(AbsenceReport)).all()
        assert (report.student_id, report.reason) == (family.children["Bilal"], "illness")
    assert "Bilal" in replies[0]
