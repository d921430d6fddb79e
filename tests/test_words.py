"""The per-language word tables (bot/text/words/<lang>.py): complete in every language,
consistent, and read the way families write."""

from datetime import date
from types import SimpleNamespace

import pytest

from bot.messages.languages import CODES
from bot.text.children import match_children
from bot.text.words import (
    FRI,
    MON,
    TABLES,
    THU,
    TODAY,
    TOMORROW,
    TUE,
    WED,
    find,
    says_late,
    table,
    words,
)


@pytest.mark.parametrize("code", CODES)
def test_every_language_has_every_table(code):
    tables = words(code)
    assert [name for name in TABLES if not getattr(tables, name)] == []


@pytest.mark.parametrize("code", CODES)
def test_every_language_names_today_tomorrow_and_the_school_week(code):
    meanings = set(words(code).days.values())
    assert {TODAY, TOMORROW, MON, TUE, WED, THU, FRI} <= meanings


def test_no_phrase_means_two_keywords():
    seen: dict[str, str] = {}
    for code in CODES:
        for kind in ("stop", "start", "help"):
            for phrase in getattr(words(code), kind):
                assert seen.setdefault(phrase, kind) == kind, (code, phrase)


@pytest.mark.parametrize("code", CODES)
def test_opposite_tables_do_not_overlap(code):
    w = words(code)
    for a, b in (("yes", "no"), ("boy", "girl"), ("older", "younger"), ("stop", "start")):
        assert set(getattr(w, a)).isdisjoint(getattr(w, b)), (code, a, b)


@pytest.mark.parametrize("code", CODES)
def test_entries_are_stored_folded_and_non_empty(code):
    for name in TABLES:
        entries = getattr(words(code), name)
        assert all(entry and entry.rstrip("*") for entry in entries), (code, name)


def test_stems_and_chinese_match_inside_words_others_only_whole():
    assert find("он опоздает", ("опозда*",)) == [(3, 11, "опозда*")]
    assert find("佢今日遲到", ("遲到",)) == [(3, 5, "遲到")]
    assert find("la tardanza", ("tarde",)) == []
    assert find("ਬੰਦੇ", ("ਬੰਦ",)) == []  # a Gurmukhi vowel sign is inside the word


@pytest.mark.parametrize("text,language", [
    ("Sofia will be late today", "en"), ("Mateo va a llegar tarde", "es"),
    ("佢今日遲到", "zh"), ("Nou yuav tuaj lig", "hmn"), ("bé đi trễ hôm nay", "vi"),
    ("Маша опоздает", "ru"), ("Оля запізниться", "uk"), ("يوسف سيتأخر اليوم", "ar"),
    ("ਅਰਜੁਨ ਲੇਟ ਆਵੇਗਾ", "pa"), ("احمد ناوقت میرسه", "fa"), ("بلال به ناوخته راشي", "ps"),
    ("male-late si Miguel", "tl"), ("I will pick her up early", "es"),
])
def test_late_words(text, language):
    assert says_late(text, language)


@pytest.mark.parametrize("text,language", [
    ("Sofia is sick today", "en"), ("mañana no va", "es"), ("con muốn nghỉ", "vi"),
    ("она больна", "ru"), ("بنتي مريضة", "ar"),
])
def test_no_late_words(text, language):
    assert not says_late(text, language)


KIDS = [SimpleNamespace(first_name="Lina", gender="f", grade="5"),
        SimpleNamespace(first_name="Yousef", gender="m", grade="K")]


@pytest.mark.parametrize("code", CODES)
def test_both_children_in_every_language(code):
    for phrase in words(code).all_children[:3]:
        assert match_children(f"{phrase} sick", KIDS) == KIDS, (code, phrase)


@pytest.mark.parametrize("text", [
    "2 đứa nghỉ học hôm nay", "ob tug me nyuam tsis mus kawm ntawv", "los dos estan enfermos",
    "both of them are sick", "兩個都唔返學", "هر دو مریض هستن", "دواړه ماشومان ناروغه دي",
])
def test_both_and_all(text):
    assert match_children(text, KIDS) == KIDS


def test_one_of_my_kids_is_not_all_of_them():
    assert match_children("one of my kids is sick", KIDS) == []
    assert match_children("uno de mis hijos está enfermo", KIDS) == []


def test_all_week_is_not_all_children():
    assert match_children("Lina is out all week", KIDS) == [KIDS[0]]
    assert match_children("out all week", KIDS) == []
    assert match_children("all", KIDS) == KIDS  # as the whole answer


@pytest.mark.parametrize("text,language,expected", [
    ("the boy is sick", "en", "Yousef"), ("mi hija tiene fiebre", "es", "Lina"),
    ("the older one has a doctor appointment", "en", "Lina"),
    ("الصغير مريض", "ar", "Yousef"), ("la chiquita no va", "es", "Lina"),
    ("the younger one is sick", "en", "Yousef"),
    ("con gái bị ốm", "vi", "Lina"), ("малыш заболел", "ru", "Yousef"),
])
def test_the_boy_and_the_older_one_narrow(text, language, expected):
    found = match_children(text, KIDS, language=language)
    assert [c.first_name for c in found] == ([expected] if expected else [])


def test_narrowing_needs_the_roster_to_say():
    unknown = [SimpleNamespace(first_name="Ana", gender=None, grade=""),
               SimpleNamespace(first_name="Leo", gender=None, grade="")]
    assert match_children("my son is sick", unknown, language="en") == []
    assert match_children("the older one is sick", unknown, language="en") == []


@pytest.mark.parametrize("text,expected", [
    ("2", ["Yousef"]), ("1", ["Lina"]), ("1 y 2", ["Lina", "Yousef"]), ("۲", ["Yousef"]),
    ("يوسف", ["Yousef"]), ("لينا", ["Lina"]), ("3", []),
])
def test_answers_to_which_child(text, expected):
    assert [c.first_name for c in match_children(text, KIDS, answering=True)] == expected


def test_numbers_are_choices_only_as_an_answer():
    assert match_children("2", KIDS) == []
    assert match_children("يوسف", KIDS) == []  # two consonants: only as an answer


def test_the_union_of_a_table_keeps_every_language():
    assert {"late", "tarde", "遲到"} <= set(table("late"))
    assert date.today()  # the tables never depend on the day
