"""Phone and language normalization."""

import pytest

from bot.languages import CODES, LANGUAGES, normalize_language
from bot.phones import InvalidPhone, to_e164


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
