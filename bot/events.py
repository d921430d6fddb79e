"""Events as a family reads them: the title in their language.

Staff write titles in English; the family reads the EventTitle of their language — typed by
staff, or machine-translated once when the event was saved (bot.imports.events). A title not
yet translated is never shown in English to a family that reads another language: they read
"our family event" in their own (template ``event_unnamed``) until it is.
"""

from __future__ import annotations

from bot.messages.render import render
from models import Event


def event_title(event: Event, language: str) -> str:
    if language == "en":
        return event.title
    for title in event.titles:
        if title.language == language and title.text.strip():
            return title.text
    return render({"template": "event_unnamed"}, language)
