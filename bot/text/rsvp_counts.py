"""Counts in an RSVP ("2 adults 3 kids", "vamos 2 adultos y 3 niños", "3 个大人") and whether
the family asks for childcare, in every supported language: digits, and the ``adults``,
``children`` and ``childcare`` word tables of the family's language and English
(bot.text.words)."""

from __future__ import annotations

import re

from bot.messages.languages import CODES
from bot.nlu.preprocess import ascii_digits
from bot.text.fold import fold_phrase
from bot.text.words import find, table

NUMBER = re.compile(r"\d+")


def _languages(language: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys((language, "en"))) if language in CODES else CODES


def _nearest(spans: list[tuple[int, int, str]], pos: int) -> float | None:
    """Distance from the number to the closest word; a word just after the number ("2 kids",
    "2個小朋友") counts as closer than one before it, since counts precede nouns."""
    distances = []
    for start, _end, _phrase in spans:
        gap = start - pos
        distances.append(gap - 0.5 if 0 < gap <= 8 else abs(gap) + 8)
    return min(distances) if distances else None


def parse_counts(text: str, language: str | None = None) -> tuple[int | None, int | None]:
    """(adults, children): each number goes to the nearer of the two kinds of word; a lone
    number with no such word counts adults."""
    languages = _languages(language)
    folded = fold_phrase(ascii_digits(text))
    adult_words = find(folded, table("adults", languages))
    child_words = find(folded, table("children", languages))
    adults = children = None
    for m in NUMBER.finditer(folded):
        value = int(m.group())
        if value > 20:
            continue  # a time ("at 530") or a date, not a headcount
        to_adult = _nearest(adult_words, m.start())
        to_child = _nearest(child_words, m.start())
        if to_child is not None and (to_adult is None or to_child < to_adult):
            children = (children or 0) + value
        elif to_adult is not None or adults is None:
            adults = (adults or 0) + value
    return adults, children


def wants_childcare(text: str, language: str | None = None) -> bool:
    return bool(find(fold_phrase(text), table("childcare", _languages(language))))
