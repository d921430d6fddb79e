"""The words on the family web chat's pages, in the family's language.

Every string is a template (bot.messages.templates, "chat_*") rendered through Babel. Before
sign-in the page speaks the language the visitor chose (?lang=), else the one their browser asks
for; after sign-in, the guardian's. Nothing here touches the database.
"""

from __future__ import annotations

from functools import cache

from flask import current_app, request, session

from bot.messages.languages import CODES, LANGUAGES
from bot.messages.render import render

SESSION_LANG = "chat_lang"
# HTML lang tags that say more than our codes: script for Chinese and Punjabi, Dari's region.
HTML_LANG = {"zh": "zh-Hant", "fa": "fa-AF", "pa": "pa-Guru"}
# Every string a page shows; the key on the page is the name without "chat_".
PAGE_TEMPLATES = (
    "chat_page_title", "chat_heading", "chat_link_expired", "chat_phone_intro",
    "chat_phone_label", "chat_phone_invalid", "chat_send_code", "chat_code_sent",
    "chat_code_label", "chat_code_submit", "chat_code_wrong", "chat_code_start_over",
    "chat_start_again", "chat_message_label", "chat_send", "chat_messages_label", "chat_you",
    "chat_keyboard_hint", "chat_welcome", "chat_too_long", "chat_send_failed",
    "chat_unavailable", "chat_sending", "chat_sign_out", "chat_language_label",
    "chat_try_again",
)
# The strings chat.js needs, passed to it as JSON.
SCRIPT_STRINGS = ("too_long", "send_failed", "unavailable", "sending", "you")


@cache
def is_rtl(code: str) -> bool:
    return LANGUAGES[code].rtl if code in LANGUAGES else False


def known(code: str | None) -> str | None:
    """``code`` when it is a supported language, else None."""
    return code if code in LANGUAGES else None


def page_strings(language: str, school: str = "") -> dict[str, str]:
    """Every page string in ``language``, keyed by template name without "chat_"."""
    variables = {"school": school}
    return {name.removeprefix("chat_"): render({"template": name, "vars": variables}, language)
            for name in PAGE_TEMPLATES}


def message(template: str) -> str:
    """One chat string in the session's language (English before any choice)."""
    return render({"template": template}, known(session.get(SESSION_LANG)) or "en")


def visitor_language() -> str:
    """The page language before sign-in: ?lang=, then the last choice, then the browser's."""
    chosen = known(request.args.get("lang"))
    if chosen:
        session[SESSION_LANG] = chosen
        return chosen
    return (known(session.get(SESSION_LANG))
            or known(request.accept_languages.best_match(CODES))
            or known(current_app.config.get("DEFAULT_LANGUAGE")) or "en")


def guardian_language(guardian) -> str:
    return (known(guardian.language) or known(current_app.config.get("DEFAULT_LANGUAGE"))
            or "en")


def languages_menu(current: str) -> list[dict]:
    return [{"code": c, "name": lang.native_name, "html_lang": HTML_LANG.get(c, c),
             "rtl": is_rtl(c), "current": c == current} for c, lang in LANGUAGES.items()]


def expired_link_notices(language: str) -> list[dict]:
    """"This link has expired" in every language, ``language`` first: a bad link cannot tell
    us whose it was, so it cannot tell us which language they read."""
    order = [language] + [c for c in CODES if c != language]
    return [{"lang": c, "html_lang": HTML_LANG.get(c, c), "rtl": is_rtl(c),
             "text": render({"template": "chat_link_expired"}, c)} for c in order]
