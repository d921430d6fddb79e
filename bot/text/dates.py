"""Which school day(s) a family means: "today", "mañana", "thứ hai", "lunes a miercoles",
"12/3", "all week"... in every supported language.

``parse_days(text, language, today, exclude=...)`` returns a sorted list of dates (empty when
the text names no day). Weekday names mean the next such day (today included). Two days joined by
a range word ("to", "a", "al", "hasta", "до", "到", "tới", "تا"...) mean every weekday between.
Numeric dates are US style M/D. Child names are passed in ``exclude`` so "Mai" (a name) is not
read as Vietnamese "mai" (tomorrow). The day words are ours, in each language's word table
(bot.text.words ``days`` and ``day_ranges``, English always included): dateparser's
``search_dates`` reads "mi" (Spanish "my") as a Wednesday.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.messages.languages import CODES
from bot.text.fold import fold_phrase
from bot.text.words import AFTER_TOMORROW, TODAY, TOMORROW, WEEK, YESTERDAY, find, words

NUMERIC = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?(?![\d/])")
TOKEN = re.compile(r"numdate(\d+)")  # a numeric date, kept safe from folding
DASH = re.compile(r"\s*[-–—]\s*")  # "lunes-miércoles", "12/3 - 12/4": a range


def _languages(language: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((language, "en"))) if language in CODES else ("en",)


def day_words(language: str) -> dict[str, object]:
    """Day phrases of the family's language and English (English last: theirs win)."""
    out: dict[str, object] = {}
    for code in reversed(_languages(language)):
        out.update(words(code).days)
    return out


def range_words(language: str) -> set[str]:
    return {w for code in _languages(language) for w in words(code).day_ranges}


def _resolve(meaning, today: date) -> list[date]:
    if meaning == TODAY:
        return [today]
    if meaning == TOMORROW:
        return [today + timedelta(days=1)]
    if meaning == AFTER_TOMORROW:
        return [today + timedelta(days=2)]
    if meaning == YESTERDAY:
        return [today - timedelta(days=1)]
    if meaning == WEEK:
        start = today if today.weekday() < 5 else today + timedelta(days=7 - today.weekday())
        return [start + timedelta(days=i) for i in range(5 - start.weekday())]
    return [today + timedelta(days=(meaning - today.weekday()) % 7)]


def _find(folded: str, language: str, numeric: list[tuple]) -> list[tuple[int, int, object]]:
    """(start, end, meaning) of every day word and numeric date (meaning: its M/D/Y groups),
    in order, no overlaps."""
    table = day_words(language)
    found = [(start, end, table[phrase]) for start, end, phrase in find(folded, table)]
    found += [(m.start(), m.end(), numeric[int(m.group(1))]) for m in TOKEN.finditer(folded)
              if int(m.group(1)) < len(numeric)]
    return sorted(found, key=lambda f: f[0])


def _numeric(groups, today: date) -> date | None:
    month, day, year = int(groups[0]), int(groups[1]), groups[2]
    try:
        if year:
            return date(int(year) + (2000 if len(year) == 2 else 0), month, day)
        candidate = date(today.year, month, day)
    except ValueError:
        return None
    # "12/3" written in November means next December, not last; a date a month back is past.
    if candidate < today - timedelta(days=30):
        candidate = candidate.replace(year=today.year + 1)
    return candidate


def parse_days(text: str, language: str, today: date, exclude: tuple[str, ...] = ()) -> list[date]:
    numeric: list[tuple] = []

    def protect(match: re.Match) -> str:
        numeric.append(match.groups())
        return f" numdate{len(numeric) - 1} "

    folded = fold_phrase(DASH.sub(" thru ", NUMERIC.sub(protect, text or "")))
    for name in exclude:
        if name:
            folded = re.sub(r"(?<!\w)" + re.escape(fold_phrase(name)) + r"(?!\w)", " ", folded)
    ranges = range_words(language)
    days: list[date] = []
    previous_end, previous_day = None, None
    for start, end, meaning in _find(folded, language, numeric):
        if isinstance(meaning, tuple):
            resolved = [d] if (d := _numeric(meaning, today)) else []
        else:
            resolved = _resolve(meaning, today)
        between = folded[previous_end:start].strip() if previous_end is not None else None
        if between is not None and previous_day and resolved and _is_range(between, ranges):
            first, last = previous_day, resolved[-1]
            if last < first:
                last += timedelta(days=7)
            span = [first + timedelta(days=i) for i in range((last - first).days + 1)]
            days.extend(d for d in span if d.weekday() < 5)
        days.extend(resolved)
        previous_end, previous_day = end, resolved[-1] if resolved else None
    return sorted(set(days))


def _is_range(between: str, ranges: set[str]) -> bool:
    words_between = between.replace("de ", "").replace("del ", "").strip()
    return words_between in ranges or any(w in ranges for w in words_between.split()[:2])
