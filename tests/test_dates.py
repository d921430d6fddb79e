"""Day words in every language, ranges, numeric dates, names that look like day words."""

from datetime import date

import pytest

from bot.messages.languages import CODES
from bot.text.dates import day_words, parse_days

MONDAY = date(2026, 11, 23)
TUE, WED, THU, FRI = (date(2026, 11, d) for d in (24, 25, 26, 27))


def test_every_language_has_today_and_tomorrow():
    for code in CODES:
        meanings = set(day_words(code).values())
        assert {"today", "tomorrow"} <= meanings, code


@pytest.mark.parametrize("text,language,expected", [
    ("my son wont be in today", "en", [MONDAY]),
    ("tmrw", "en", [TUE]),
    ("mi hijo no va mañana", "es", [TUE]),
    ("mi hijo no va manana", "es", [TUE]),
    ("de lunes a miercoles", "es", [MONDAY, TUE, WED]),
    ("monday to wednesday", "en", [MONDAY, TUE, WED]),
    ("be bi sot hom nay", "vi", [MONDAY]),
    ("thứ năm", "vi", [THU]),
    ("星期三至星期五唔返學", "zh", [WED, THU, FRI]),
    ("聽日唔返", "zh", [TUE]),
    ("kuv tus me nyuam mob hnub no", "hmn", [MONDAY]),
    ("tag kis", "hmn", [TUE]),
    ("с понедельника по среду", "ru", [MONDAY, TUE, WED]),
    ("завтра", "uk", [TUE]),
    ("п'ятницю", "uk", [FRI]),
    ("لن يذهب غدا", "ar", [TUE]),
    ("ਅੱਜ ਸਕੂਲ ਨਹੀਂ", "pa", [MONDAY]),
    ("بچیم فردا مکتب نمیره", "fa", [TUE]),
    ("سبا ښوونځي ته نه ځي", "ps", [TUE]),
    ("hindi makakapasok bukas", "tl", [TUE]),
    ("all week", "en", [MONDAY, TUE, WED, THU, FRI]),
    ("no school 12/3", "en", [date(2026, 12, 3)]),
    ("12/3-12/4", "en", [date(2026, 12, 3), date(2026, 12, 4)]),
    ("sofia esta enferma", "es", []),
    ("hoy y mañana", "es", [MONDAY, TUE]),
])
def test_parse_days(text, language, expected):
    assert parse_days(text, language, MONDAY) == expected


def test_a_childs_name_is_not_a_day_word():
    # "Mai" is a common Hmong/Vietnamese name and Vietnamese for "tomorrow".
    assert parse_days("Mai khong di hoc hom nay", "vi", MONDAY, exclude=("Mai",)) == [MONDAY]


def test_weekday_name_means_the_next_one_today_included():
    assert parse_days("friday", "en", MONDAY) == [FRI]
    assert parse_days("monday", "en", MONDAY) == [MONDAY]
    assert parse_days("monday", "en", TUE) == [date(2026, 11, 30)]
