"""STOP / START / HELP keywords, by rule, in every supported language (never by a model).

A message is a keyword only when the whole message (folded by ``fold_phrase``: case, Latin
accents, punctuation and emoji, Arabic spelling variants do not matter) is one of the ``stop``,
``start`` or ``help`` phrases of a language's word table (bot.text.words): "no voy a ir porque
esta enfermo" contains "no" but is not STOP. Carriers act on the English words (STOP, START,
HELP...) themselves, so those are recognised for every family.
"""

from __future__ import annotations

from functools import cache

from bot.messages.languages import CODES
from bot.text.fold import fold_phrase
from bot.text.words import words

STOP, START, HELP = "stop", "start", "help"
KINDS = (STOP, START, HELP)

KEYWORDS: dict[str, dict[str, tuple[str, ...]]] = {
    code: {kind: getattr(words(code), kind) for kind in KINDS} for code in CODES}


@cache
def _index() -> dict[str, tuple[str, str]]:
    index: dict[str, tuple[str, str]] = {}
    for code in CODES:  # English first: an English keyword is English wherever else it occurs
        for kind in KINDS:
            for phrase in KEYWORDS[code][kind]:
                index.setdefault(phrase, (kind, code))
    return index


def match_keyword(text: str | None) -> tuple[str, str] | None:
    """Return ``(kind, language)`` when the whole message is a keyword, else None."""
    return _index().get(fold_phrase(text))
