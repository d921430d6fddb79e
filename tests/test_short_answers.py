"""A reply that is only a name, a number or a yes/no never changes the family's language."""

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from bot.text.answers import is_short_answer, yes_or_no
from models import Message
from tests.factories import make_family, send_sms

KIDS = [SimpleNamespace(first_name="Bilal"), SimpleNamespace(first_name="Malalai")]


@pytest.mark.parametrize("text", ["بلال", "Bilal", "2", "۲", "ok", "yes", "نه", "oo po",
                                  "بلال او ملالۍ", "", "Bilal!"])
def test_short_answers(text):
    assert is_short_answer(text, KIDS)


@pytest.mark.parametrize("text", ["بلال نن ناروغ دی", "Bilal is sick", "hola buenos dias",
                                  "no va a ir hoy"])
def test_sentences_are_not_short_answers(text):
    assert not is_short_answer(text, KIDS)


def test_a_name_in_arabic_script_keeps_a_pashto_familys_language(app, client, fake_rasa):
    with app.extensions["db"].session() as s:
        make_family(s, language="ps", children=("Bilal",), guardian_name="Gul Khan")
    send_sms(client, "بلال")
    send_sms(client, "صباح الخير، ابني مريض اليوم")  # a real Arabic sentence does switch
    with app.extensions["db"].session() as s:
        assert list(s.scalars(select(Message.language).where(Message.direction == "in")
                              .order_by(Message.id))) == ["ps", "ar"]


@pytest.mark.parametrize("text,language,expected", [
    ("yes", "en", "yes"), ("no", "en", "no"), ("sorry we can't come", "en", "no"),
    ("sí, vamos 2 adultos", "es", "yes"), ("no podemos ir, gracias", "es", "no"),
    ("xin lỗi, nhà em không đi được", "vi", "no"), ("dạ có, 2 người lớn", "vi", "yes"),
    ("آسف ما نقدر نجي", "ar", "no"), ("oo po", "tl", "yes"), ("what time is it", "en", None),
])
def test_yes_or_no(text, language, expected):
    assert yes_or_no(text, language) == expected
