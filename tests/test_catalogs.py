"""Every word a family reads exists in every supported language, with its placeholders."""

from datetime import date

import pytest

from bot.messages.catalog_check import problems
from bot.messages.languages import CODES
from bot.messages.render import UnknownTemplate, format_day, render
from bot.messages.templates import RESOURCE_LINES, TEMPLATES

SAMPLE = {
    "name": "Maria", "school": "Bret Harte Elementary", "child": "Sofia", "children": "Sofia",
    "dates": {"dates": ["2026-11-24", "2026-11-25"]}, "date": {"date": "2026-11-24"},
    "time": {"time": "06:45"}, "start": {"time": "08:00"}, "end": {"time": "14:30"},
    "event": "Ready, Set, Succeed!", "events": {"events": [{"title": "Summer Vibes",
                                                           "date": "2027-05-19"}]},
    "adults": 2, "count": 5, "address": "2751 9th Ave", "phone": "(916) 395-5190",
    "choices": {"list": ["1 Lina", "2 Yousef"]}, "place": "Library", "present": 9, "days": 10,
    "resource": {"resource": {"resource_type": "food", "name": "Food Bank", "phone": "+1916",
                              "address": None, "url": None}},
    "url": "https://example.org/c/abc", "code": "123456",
}
# Only separators may legitimately read the same as English.
SAME_AS_ENGLISH_OK = {"list_separator"}


def test_catalogs_are_complete():
    assert problems() == []


@pytest.mark.parametrize("language", [c for c in CODES if c != "en"])
@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_template_renders_translated(language, name):
    act = {"template": name, "vars": dict(SAMPLE, children=2)}
    if name != "rsvp_yes_counts":
        act["vars"]["children"] = "Sofia"
    text = render(act, language)
    assert text.strip()
    if name not in SAME_AS_ENGLISH_OK:
        assert text != render(act, "en"), f"{name} is English in {language}"


@pytest.mark.parametrize("language", CODES)
def test_plural_streak_is_translated_for_one_and_many(language):
    for count in (1, 2, 5, 11, 21):
        text = render({"template": "praise_streak", "vars": {"child": "Bao", "count": count}},
                      language)
        assert str(count) in text
        if language != "en":
            assert text != render({"template": "praise_streak",
                                   "vars": {"child": "Bao", "count": count}}, "en")


@pytest.mark.parametrize("language", [c for c in CODES if c != "en"])
def test_resource_lines_are_translated(language):
    for kind in RESOURCE_LINES:
        value = {"resource": {"resource_type": kind, "name": "X", "phone": "1", "address": "A",
                              "url": "u"}}
        act = {"template": "resource_answer", "vars": {"resource": value}}
        assert render(act, language) != render(act, "en")


def test_unknown_template_is_an_error_not_english():
    with pytest.raises(UnknownTemplate):
        render({"template": "nope"}, "es")


def test_hmong_dates_fall_back_without_babel_locale_data():
    assert format_day(date(2026, 11, 23), "hmn") == "Hnub Ib 11/23"
    assert "noviembre" in format_day(date(2026, 11, 23), "es")
