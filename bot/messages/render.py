"""Render bot acts into text in the family's language, through the Babel catalogs in locales/.

A bot act is ``{"template": NAME, "vars": {...}}`` (see bot.messages.templates). Variable values
may be plain strings/numbers, or typed values that are formatted for the locale here:
``{"date": "2026-11-24"}``, ``{"dates": ["2026-11-24", ...]}`` (consecutive days become a
range), ``{"time": "07:45"}``, ``{"list": [...]}``, ``{"events": [{"title", "date"}]}`` and
``{"resource": {...directory row...}}``.
``render()`` raises UnknownTemplate for a name not in bot.messages.templates: never an English
fallback.
"""

from __future__ import annotations

import gettext
from datetime import date, time, timedelta
from functools import cache

from babel import Locale
from babel.dates import format_skeleton, format_time
from babel.support import Translations

from bot.messages.languages import LANGUAGES
from bot.messages.templates import RESOURCE_LINES, TEMPLATES
from bot.text.phones import display
from config import ROOT

LOCALES_DIR = ROOT / "locales"
# Babel has no Hmong locale data: weekday names and numeric dates by hand.
HMONG_WEEKDAYS = ("Hnub Ib", "Hnub Ob", "Hnub Peb", "Hnub Plaub", "Hnub Tsib", "Hnub Rau",
                  "Hnub Xya")


class UnknownTemplate(KeyError):
    pass


class MissingCatalog(RuntimeError):
    """A language has no compiled catalog (run ``make`` / ``flask translate compile``)."""


@cache
def translations(code: str) -> gettext.NullTranslations:
    if code == "en":
        return gettext.NullTranslations()
    mo = LOCALES_DIR / code / "LC_MESSAGES" / "messages.mo"
    if not mo.exists():
        raise MissingCatalog(f"no compiled catalog for {code!r}: {mo}")
    with mo.open("rb") as fh:
        catalog = Translations(fh, domain="messages")
    if LANGUAGES[code].babel is None:
        # pybabel writes no Plural-Forms for a locale it does not know (Hmong); gettext would
        # then use English rules, ask for a second form that does not exist and fall back to
        # English. Hmong has one form.
        catalog.plural = lambda n: 0
    return catalog


def _babel_locale(code: str) -> Locale | None:
    name = LANGUAGES[code].babel
    return Locale.parse(name) if name else None


def format_day(day: date, code: str) -> str:
    loc = _babel_locale(code)
    if loc is None:
        return f"{HMONG_WEEKDAYS[day.weekday()]} {day.month}/{day.day}"
    # A skeleton lets CLDR order the parts per language ("martes, 24 de noviembre",
    # "11月24日 星期二").
    return format_skeleton("MMMMEEEEd", day, locale=loc)


def format_clock(value: time, code: str) -> str:
    loc = _babel_locale(code)
    if loc is None:
        return value.strftime("%H:%M")
    return format_time(value, "short", locale=loc)


def format_days(days: list[date], code: str) -> str:
    """A list of days, consecutive runs collapsed into "A to B"."""
    tr = translations(code)
    runs: list[list[date]] = []
    for day in sorted(set(days)):
        # Friday then Monday is still one run: only weekend days lie between.
        if runs and all(
            (runs[-1][-1] + timedelta(days=i)).weekday() >= 5
            for i in range(1, (day - runs[-1][-1]).days)
        ):
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) > 2:
            parts.append(tr.gettext(TEMPLATES["date_range"]).format(
                start=format_day(run[0], code), end=format_day(run[-1], code)))
        else:
            parts.extend(format_day(d, code) for d in run)
    return tr.gettext(TEMPLATES["list_separator"]).join(parts)


def _value(value, code: str):
    if not isinstance(value, dict):
        return value
    tr = translations(code)
    if "date" in value:
        return format_day(date.fromisoformat(value["date"]), code)
    if "dates" in value:
        return format_days([date.fromisoformat(d) for d in value["dates"]], code)
    if "time" in value:
        return format_clock(time.fromisoformat(value["time"]), code)
    if "events" in value:
        return tr.gettext(TEMPLATES["list_separator"]).join(
            f"{e['title']} ({format_day(date.fromisoformat(e['date']), code)})"
            for e in value["events"])
    if "list" in value:
        return tr.gettext(TEMPLATES["list_separator"]).join(str(v) for v in value["list"])
    if "resource" in value:
        row = value["resource"]
        line = tr.gettext(RESOURCE_LINES.get(row.get("resource_type"), RESOURCE_LINES["other"]))
        fields = {k: row.get(k) or "" for k in ("name", "address", "url")}
        fields["phone"] = display(row.get("phone"))
        # Drop the ", " left by an empty field (e.g. no address) rather than show ", ,".
        text = line.format(**fields).replace(", ,", ",").replace(", .", ".").strip()
        # What the entry offers, in the family's language only (never another language's).
        description = (row.get("descriptions") or {}).get(code, "").strip()
        return f"{text} {description}" if description else text
    raise ValueError(f"unknown typed value {value!r}")


def render(act: dict, code: str) -> str:
    """Text of one bot act in language ``code``."""
    name = act.get("template")
    if name not in TEMPLATES:
        raise UnknownTemplate(name)
    if code not in LANGUAGES:
        code = "en"
    tr = translations(code)
    variables = {k: _value(v, code) for k, v in (act.get("vars") or {}).items()}
    msg = TEMPLATES[name]
    if isinstance(msg, tuple):
        text = tr.ngettext(msg[0], msg[1], int(variables.get("count", 0)))
    else:
        text = tr.gettext(msg)
    return text.format(**variables)
