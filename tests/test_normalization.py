"""Phone and language normalization."""

import pytest

from bot.messages.languages import CODES, LANGUAGES, normalize_language
from bot.messages.render import render
from bot.text.phones import InvalidPhone, display, to_e164


@pytest.mark.parametrize("raw", [
    "(916) 555-0101", "916-555-0101", "916.555.0101", "9165550101", "1 916 555 0101",
    "+1 (916) 555-0101", "whatsapp:+19165550101",
])
def test_us_formats_become_e164(raw):
    assert to_e164(raw) == "+19165550101"


@pytest.mark.parametrize("raw", ["", "12345", "not a phone", "916-555-01011234"])
def test_bad_phones_are_refused(raw):
    with pytest.raises(InvalidPhone):
        to_e164(raw)


@pytest.mark.parametrize("name,code", [
    ("Spanish", "es"), ("español", "es"), ("Cantonese", "zh"), ("Mandarin", "zh"),
    ("Hmong", "hmn"), ("White Hmong", "hmn"), ("Dari", "fa"), ("Farsi", "fa"),
    ("Tagalog", "tl"), ("Filipino", "tl"), ("Punjabi", "pa"), ("Pashto", "ps"),
    ("Ukrainian", "uk"), ("Russian", "ru"), ("Arabic", "ar"), ("Vietnamese", "vi"),
    ("EN", "en"), (" hmn ", "hmn"),
])
def test_language_names_and_codes(name, code):
    assert normalize_language(name) == code


def test_unknown_language_is_none():
    assert normalize_language("Klingon") is None
    assert normalize_language("") is None


def test_every_code_maps_itself_and_has_a_table_row():
    assert set(CODES) == {"en", "es", "zh", "hmn", "vi", "ru", "uk", "ar", "pa", "fa", "ps", "tl"}
    for code in CODES:
        assert normalize_language(code) == code
        assert LANGUAGES[code].googletrans


def test_phone_numbers_are_written_the_way_families_read_them():
    assert display("+19164568304") == "(916) 456-8304"
    assert display("+523312345678") == "+523312345678"  # not a US number: as it is
    assert display(None) == ""
    text = render({"template": "resource_answer", "vars": {"resource": {"resource": {
        "resource_type": "food", "name": "Food Bank", "phone": "+19164568304",
        "address": None, "url": None}}}}, "es")
    assert "(916) 456-8304" in text and "+1916" not in text
