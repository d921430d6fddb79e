"""Per-language word tables for everything read by rule rather than by the model.

One module per language (``bot/text/words/es.py`` …), each defining ``WORDS = Words(...)`` with
every table filled: a contributor who knows Hmong edits ``hmn.py`` and nothing else, and
tests/test_words.py fails while any language lacks a table. Phrases are written as families
type them; they are stored in ``fold_phrase`` form (bot.text.fold), so accents, case,
punctuation and Arabic spelling variants never matter.

Matching (``find``/``contains``): a phrase matches whole words of the folded text; a phrase
ending in ``*`` matches the start of a word ("опозда*" = опоздает, опоздаем…); a phrase in
Chinese characters matches anywhere (Chinese has no spaces).

The tables:
- ``stop``/``start``/``help``: the WHOLE message is one of these (STOP/START/HELP keywords);
- ``days``: phrase → TODAY, TOMORROW, AFTER_TOMORROW, YESTERDAY, WEEK or a weekday 0-4;
  ``day_ranges``: the words between two days that make a range ("lunes a miércoles");
- ``all_children``: every child of the family ("both", "los dos", "2 đứa", "ob tug");
  ``everyone``: a bare "all" word, meaning every child only as the whole answer to "which
  child?" ("all week" must not mean all children);
- ``boy``/``girl``/``older``/``younger``: words that narrow to one child ("el niño",
  "the older one");
- ``late``: arriving late or leaving early (an absence report with these is a late arrival);
- ``yes``/``no``: a short answer (never a reason to switch the family's language; after an
  invitation, an RSVP); ``conjunctions``: "and" ("Bilal and Malalai" is still a short answer);
- ``adults``/``children``/``childcare``: RSVP headcounts and a childcare request;
- ``nudge_off``: stopping the morning wake-up text;
- ``hospital``: the child is in hospital (home-and-hospital teaching is offered).
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, fields
from functools import cache

from bot.messages.languages import CODES
from bot.text.fold import fold_phrase, is_word_char

TODAY, TOMORROW, AFTER_TOMORROW, YESTERDAY, WEEK = "today", "tomorrow", "+2", "yesterday", "week"
MON, TUE, WED, THU, FRI = range(5)


class Day:
    """What a day word means, as the language modules write it (``Day.TOMORROW``)."""

    TODAY, TOMORROW, AFTER_TOMORROW, YESTERDAY, WEEK = TODAY, TOMORROW, AFTER_TOMORROW, \
        YESTERDAY, WEEK
    MON, TUE, WED, THU, FRI = MON, TUE, WED, THU, FRI

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Words:
    stop: tuple[str, ...]
    start: tuple[str, ...]
    help: tuple[str, ...]
    days: dict[str, object]
    day_ranges: tuple[str, ...]
    all_children: tuple[str, ...]
    everyone: tuple[str, ...]
    boy: tuple[str, ...]
    girl: tuple[str, ...]
    older: tuple[str, ...]
    younger: tuple[str, ...]
    late: tuple[str, ...]
    yes: tuple[str, ...]
    no: tuple[str, ...]
    conjunctions: tuple[str, ...]
    adults: tuple[str, ...]
    children: tuple[str, ...]
    childcare: tuple[str, ...]
    nudge_off: tuple[str, ...]
    hospital: tuple[str, ...]


TABLES = tuple(f.name for f in fields(Words))


def _folded(words: Words) -> Words:
    values = {}
    for name in TABLES:
        table = getattr(words, name)
        if isinstance(table, dict):
            values[name] = {_fold_entry(k): v for k, v in table.items()}
        else:
            values[name] = tuple(dict.fromkeys(_fold_entry(p) for p in table))
    return Words(**values)


def _fold_entry(phrase: str) -> str:
    stem = phrase.endswith("*")
    folded = fold_phrase(phrase.rstrip("*"))
    return folded + "*" if stem else folded


@cache
def words(code: str) -> Words:
    """The folded tables of language ``code``."""
    return _folded(importlib.import_module(f"bot.text.words.{code}").WORDS)


def table(name: str, languages: tuple[str, ...] = CODES) -> tuple[str, ...]:
    """One table for several languages at once (e.g. every ``late`` word we know)."""
    out: dict[str, None] = {}
    for code in languages:
        out.update(dict.fromkeys(getattr(words(code), name)))
    return tuple(out)


def find(folded: str, phrases) -> list[tuple[int, int, str]]:
    """(start, end, phrase) of every match of ``phrases`` in ``folded`` (fold_phrase text),
    longest phrases first, never overlapping; sorted by position."""
    taken = [False] * len(folded)
    found = []
    for phrase in sorted(phrases, key=len, reverse=True):
        stem = phrase.endswith("*")
        needle = phrase.rstrip("*")
        if not needle:
            continue
        anywhere = bool(HAN.search(needle))
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            if stem:
                while end < len(folded) and is_word_char(folded[end]):
                    end += 1
            whole = anywhere or (
                (start == 0 or not is_word_char(folded[start - 1]))
                and (end == len(folded) or not is_word_char(folded[end])))
            if whole and not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                found.append((start, end, phrase))
            start = folded.find(needle, start + 1)
    return sorted(found)


def contains(text: str, phrases) -> bool:
    """Does ``text`` (raw) contain one of ``phrases`` (folded table entries)?"""
    return bool(find(fold_phrase(text), phrases))


def says_late(text: str, language: str) -> bool:
    """Late arrival or early pick-up words, in the family's language or English."""
    return contains(text, table("late", tuple(dict.fromkeys((language, "en")))
                                if language in CODES else ("en",)))
