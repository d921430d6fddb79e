"""Machine translations of what staff write in English for families: event titles and resource
descriptions, made once and stored (EventTitle / ResourceDescription, origin "machine") so staff
can review and correct them.

``translate_missing(db, translator)`` fills every language that has neither a staff text nor a
machine translation yet. The importers' commands run it right after an import; the clock's
translations job runs it again, so a translation that failed (no internet, googletrans refused)
is made later. Until then a family reads nothing in another language: bot.events shows
"our family event", a resource its name and phone without a description.
The network calls happen between two short transactions, never inside a write lock.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.clients.translation import TranslationUnavailable
from bot.messages.languages import CODES
from models import Event, EventTitle, Resource, ResourceDescription
from models.db import Database

log = logging.getLogger(__name__)
DEFAULT_LIMIT = 200  # translations per run: a big import finishes over a few clock runs


def _missing(db: Database) -> list[tuple[str, int, str, str]]:
    """(kind, id, language, English) for every translation still to make."""
    todo = []
    with db.session() as session:
        events = session.scalars(select(Event).where(Event.cancelled_at.is_(None))
                                 .options(selectinload(Event.titles)))
        for event in events:
            have = {t.language for t in event.titles}
            todo += [("event", event.id, code, event.title) for code in CODES
                     if code != "en" and code not in have]
        resources = session.scalars(select(Resource).options(selectinload(Resource.descriptions)))
        for resource in resources:
            have = {d.language: d.text for d in resource.descriptions}
            if have.get("en"):
                todo += [("resource", resource.id, code, have["en"]) for code in CODES
                         if code != "en" and code not in have]
    return todo


def translate_missing(db: Database, translator, limit: int = DEFAULT_LIMIT) -> dict[str, int]:
    """Translate up to ``limit`` missing texts; returns counts (found, translated, failed)."""
    todo = _missing(db)
    done = []
    for kind, row_id, code, english in todo[:limit]:
        try:
            done.append((kind, row_id, code, translator.translate(english, "en", code)))
        except TranslationUnavailable:
            if not getattr(translator, "available", True):
                break  # circuit open: the rest would fail the same way
    if done:
        with db.session() as session:
            for kind, row_id, code, text in done:
                _store(session, kind, row_id, code, text)
    result = {"found": len(todo), "translated": len(done),
              "failed": min(len(todo), limit) - len(done)}
    if todo:
        log.info("district texts: %(translated)d translated, %(failed)d failed", result)
    return result


def _store(session, kind: str, row_id: int, code: str, text: str) -> None:
    model, owner = ((EventTitle, "event_id") if kind == "event"
                    else (ResourceDescription, "resource_id"))
    exists = session.scalar(select(model.id).where(getattr(model, owner) == row_id,
                                                   model.language == code))
    if exists is None:  # staff may have written one meanwhile: theirs wins
        limit = 300 if kind == "event" else 500
        session.add(model(**{owner: row_id}, language=code, text=text[:limit],
                          origin="machine"))
