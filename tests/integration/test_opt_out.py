"""One rule for opting out, through the real Rasa and action server: the STOP keyword and a
sentence record and clear the same phone-level opt-out, in either combination, and a roster
import that adds a guardian on an opted-out phone keeps it opted out. Runs on SQLite and, with
TEST_DATABASE_URL, PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.outbox.enqueue import enqueue
from models import Guardian, PhoneOptOut
from tests.integration.helpers import Family

pytestmark = pytest.mark.rasa


def _state(app, phone):
    with app.extensions["db"].session() as s:
        guardians = s.scalars(select(Guardian).where(Guardian.phone == phone)).all()
        return (s.get(PhoneOptOut, phone) is not None, {g.name: g.opted_out for g in guardians})


def _queue(app, phone, key):
    with app.extensions["db"].session() as s:
        guardian = s.scalar(select(Guardian).where(Guardian.phone == phone))
        return enqueue(s, key=key, guardian=guardian, body="hi", kind="nudge").status


def _import_second_guardian(runner, tmp_path, phone):
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,first_name,last_name,grade,school,guardian_name,"
                      "guardian_phone,language,relationship\n"
                      f"8001,Lucia,Lopez,1,BHE,Rosa Lopez,{phone},Spanish,grandmother\n",
                      encoding="utf-8")
    result = runner.invoke(args=["roster", "import", str(roster)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("language,sentence", [
    ("en", "please stop texting me, we don't want these messages anymore"),
    ("es", "por favor ya no me manden mensajes"),
])
def test_a_sentence_opts_the_phone_out_and_start_clears_it(live_app, tmp_path, language,
                                                           sentence):
    family = Family(live_app, language=language)
    replies = family.says(sentence)
    assert replies and _state(live_app, family.phone) == (True, {"Maria Lopez": True})
    assert _queue(live_app, family.phone, "nudge:after-sentence") == "suppressed"
    _import_second_guardian(live_app.test_cli_runner(), tmp_path, family.phone)
    assert _state(live_app, family.phone) == (True, {"Maria Lopez": True, "Rosa Lopez": True})
    family.says("START")
    assert _state(live_app, family.phone) == (False, {"Maria Lopez": False, "Rosa Lopez": False})
    assert _queue(live_app, family.phone, "nudge:after-start") == "queued"


@pytest.mark.parametrize("language,stop,again", [
    ("en", "STOP", "you can text me again please"),
    ("es", "PARA", "ya pueden volver a mandarme mensajes"),
])
def test_stop_then_a_sentence_clears_it(live_app, language, stop, again):
    family = Family(live_app, language=language)
    family.says(stop)
    assert _state(live_app, family.phone) == (True, {"Maria Lopez": True})
    family.says(again)
    assert _state(live_app, family.phone) == (False, {"Maria Lopez": False})
