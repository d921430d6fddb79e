"""Child names, RSVP counts, wake-up times, segments, language detection on short texts."""

from types import SimpleNamespace

import pytest

from bot.actions.nudge_settings import parse_wake_time
from bot.messages.segments import count_segments
from bot.nlu.language_detect import detect
from bot.text.children import match_children
from bot.text.rsvp_counts import parse_counts, wants_childcare

KIDS = [SimpleNamespace(first_name=n) for n in ("Sofía", "José", "Mai Nou")]


@pytest.mark.parametrize("text,names", [
    ("sofia esta enferma", ["Sofía"]), ("SOFI no va", ["Sofía"]), ("jose tiene cita", ["José"]),
    ("mai nou is sick", ["Mai Nou"]), ("mai tsis mus", ["Mai Nou"]),
    ("los dos estan enfermos", ["Sofía", "José", "Mai Nou"]), ("mi hijo esta enfermo", []),
])
def test_match_children(text, names):
    assert [c.first_name for c in match_children(text, KIDS)] == names


@pytest.mark.parametrize("text,kids,named", [
    ("بلال نن ناروغه دی، تبه لري", ("Bilal", "Mariam"), ["Bilal"]),
    ("مريم مريضة اليوم", ("Bilal", "Mariam"), ["Mariam"]),
    ("حمزه نن ناروغ دی", ("Malalai", "Hamza"), ["Hamza"]),
    ("ملالۍ نن نه راځي", ("Malalai", "Hamza"), ["Malalai"]),
    ("مصطفی مکتب نمیایه", ("Zahra", "Mustafa"), ["Mustafa"]),
    ("София заболела", ("Sofia", "Maksym"), ["Sofia"]),
    ("Максим не придет", ("Sofia", "Maksym"), ["Maksym"]),
    ("ਅਰਜੁਨ ਬਿਮਾਰ ਹੈ", ("Arjun", "Simran"), ["Arjun"]),
    ("嘉欣今日發燒", ("Jiaxin", "Ethan"), ["Jiaxin"]),
    # no name: nothing may match by accident
    ("بل سبا نه راځي", ("Bilal", "Mariam"), []),
    ("الولد مريض اليوم", ("Bilal", "Mariam"), []),
    ("لا ما رح يروح", ("Ali", "Omar"), []),
    ("мой сын болеет", ("Sofia", "Maksym"), []),
    ("ਮੇਰਾ ਮੁੰਡਾ ਬਿਮਾਰ ਹੈ", ("Arjun", "Simran"), []),
    ("我個仔今日唔舒服", ("Jiaxin", "Ethan"), []),
])
def test_names_match_in_the_family_script(text, kids, named):
    children = [SimpleNamespace(first_name=n) for n in kids]
    assert [c.first_name for c in match_children(text, children)] == named


@pytest.mark.parametrize("text,counts", [
    ("yes 2 adults 3 kids", (2, 3)), ("si vamos 2 adultos y 3 niños", (2, 3)),
    ("3個大人2個小朋友", (3, 2)), ("we will come", (None, None)), ("yes we are 4", (4, None)),
    ("co 2 nguoi lon va 1 tre", (2, 1)),
])
def test_rsvp_counts(text, counts):
    assert parse_counts(text) == counts


def test_childcare():
    assert wants_childcare("yes, need childcare for 2 kids")
    assert wants_childcare("¿hay cuidado de niños?")
    assert not wants_childcare("yes 2 adults")


@pytest.mark.parametrize("text,hour_minute", [
    ("wake me at 6:45", (6, 45)), ("despiertame a las 6.30", (6, 30)), ("7am", (7, 0)),
    ("7h30", (7, 30)), ("at 6", (6, 0)), ("8pm", None), ("stop the morning texts", None),
])
def test_wake_time(text, hour_minute):
    parsed = parse_wake_time(text)
    assert ((parsed.hour, parsed.minute) if parsed else None) == hour_minute


def test_segments():
    assert count_segments("a" * 160) == 1
    assert count_segments("a" * 161) == 2
    assert count_segments("é" * 160) == 1  # é is GSM-7
    assert count_segments("ệ" * 70) == 1 and count_segments("ệ" * 71) == 2  # UCS-2
    assert count_segments("🤒" * 35) == 1 and count_segments("🤒" * 36) == 2  # 2 units each


@pytest.mark.parametrize("text,code", [
    ("mi hijo esta enfermo hoy", "es"), ("my son is sick today", "en"),
    ("kuv tus me nyuam mob hnub no", "hmn"), ("bé bị sốt hôm nay", "vi"),
    ("佢今日唔舒服", "zh"), ("Мой сын болен", "ru"), ("Мій син хворий", "uk"),
    ("ابني مريض اليوم", "ar"), ("زوی مې ناروغ دی", "ps"), ("بچیم امروز مکتب نمیره", "fa"),
    ("ਮੇਰਾ ਪੁੱਤਰ ਬਿਮਾਰ ਹੈ", "pa"), ("may lagnat si miguel ngayon", "tl"),
])
def test_detect(text, code):
    assert detect(text).code == code


def test_too_short_to_switch_language():
    assert not detect("ok").confident
    assert detect("🤒").code is None
