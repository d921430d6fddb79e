"""STOP/START/HELP by rule: whole-message only, any case, punctuation and emoji ignored."""

import pytest

from bot.messages.languages import CODES
from bot.nlu.keywords import HELP, KEYWORDS, START, STOP, match_keyword


def test_every_language_has_stop_start_and_help_words():
    assert set(KEYWORDS) == set(CODES)
    for language, kinds in KEYWORDS.items():
        assert kinds[STOP] and kinds[START] and kinds[HELP], language


@pytest.mark.parametrize("text,expected", [
    ("STOP", (STOP, "en")), ("Stop.", (STOP, "en")), ("  unsubscribe ", (STOP, "en")),
    ("PARA!!", (STOP, "es")), ("Ayúdame", (HELP, "es")), ("停止", (STOP, "zh")),
    ("Dừng", (STOP, "vi")), ("dung", (STOP, "vi")), ("ਬੰਦ ਕਰੋ", (STOP, "pa")),
    ("ودرول", (STOP, "ps")), ("tulong 🙏", (HELP, "tl")), ("стоп", (STOP, "ru")),
    ("відписатися", (STOP, "uk")), ("pab", (HELP, "hmn")), ("START", (START, "en")),
])
def test_keywords(text, expected):
    assert match_keyword(text) == expected


@pytest.mark.parametrize("text", [
    "para mañana no va a ir", "stop by the office tomorrow?", "no", "ya no va",
    # Gurmukhi vowel signs are combining marks: stripping them would turn these into keywords.
    "ਸਾਰਾ", "ਚੱਲ", "ਬਾਦ", "ਬਿੰਦ", "", "🤒",
])
def test_not_keywords(text):
    assert match_keyword(text) is None
