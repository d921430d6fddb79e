"""What every action needs: the database, the family behind the message, and a way to say a
bot act. The pipeline sends ``metadata`` with each message: conversation_id, message_id,
guardian_id, guardian_ids (a shared phone) and language."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.nlu.parsed_labels import labels
from models import Conversation, Guardian, School, Student
from models.db import Database


@lru_cache(maxsize=1)
def database() -> Database:
    from config import Config

    return Database(os.environ.get("DATABASE_URL", Config.DATABASE_URL))


def say(dispatcher: CollectingDispatcher, template: str, language: str | None = None,
        **variables) -> None:
    act = {"template": template, "vars": variables}
    if language:
        act["language"] = language  # e.g. the confirmation of a language change
    dispatcher.utter_message(json_message=act)


@dataclass
class Family:
    guardian: Guardian | None
    guardians: list[Guardian]
    children: list[Student]
    conversation: Conversation | None
    language: str
    message_id: int | None

    @property
    def school(self) -> School | None:
        return self.children[0].school if self.children else None

    @property
    def phone(self) -> str | None:
        if self.conversation is not None:
            return self.conversation.phone
        return self.guardian.phone if self.guardian else None

    @property
    def school_name(self) -> str:
        return self.school.name if self.school else ""

    def today(self) -> date:
        tz = ZoneInfo(self.school.timezone if self.school else "America/Los_Angeles")
        return datetime.now(tz).date()


def metadata(tracker: Tracker) -> dict:
    return (tracker.latest_message or {}).get("metadata") or {}


def load_family(session: Session, tracker: Tracker) -> Family:
    meta = metadata(tracker)
    ids = meta.get("guardian_ids") or ([meta["guardian_id"]] if meta.get("guardian_id") else [])
    guardians = list(session.scalars(select(Guardian).where(Guardian.id.in_(ids)))) if ids else []
    children: dict[int, Student] = {}
    for guardian in guardians:
        for student in guardian.students:
            children[student.id] = student
    conversation = (session.get(Conversation, meta["conversation_id"])
                    if meta.get("conversation_id") else None)
    return Family(
        guardian=guardians[0] if guardians else None, guardians=guardians,
        children=sorted(children.values(), key=lambda s: s.first_name), conversation=conversation,
        language=meta.get("language") or (guardians[0].language if guardians else "en"),
        message_id=meta.get("message_id"),
    )


def entity_values(tracker: Tracker, name: str) -> list[str]:
    """Labels of family ``name`` the latest message states, the most confident first
    (bot.nlu.parsed_labels). Resource types: never "other" beside a specific need."""
    found = labels((tracker.latest_message or {}).get("entities", []), name)
    if name == "resource_type" and len(found) > 1 and "other" in found:
        found.remove("other")
    return found


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""
