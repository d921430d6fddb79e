"""The simulator: a staff member texts the bot as one of their families' guardians.

The message takes the real path — the app's inbound pipeline with channel "sms", the guardian's
phone and a ``sim:<uuid>`` provider id — so it is stored, understood by Rasa and acted on
exactly like a text: an absence reported here is a real absence report. The side panel shows
what the bot recorded for the family. Guardians are limited to the staff member's schools.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import uuid4

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from admin.inbox import Family, MessageView, family_panel, message_view
from admin.scope import visible_guardians
from bot.inbound import Inbound, Pipeline, Reply
from models import Conversation, Guardian, StaffUser
from models.base import utcnow

SEARCH_LIMIT = 20
TRANSCRIPT_LIMIT = 60


def search(db: Session, staff: StaffUser, text: str) -> list[Guardian]:
    query = visible_guardians(staff).order_by(Guardian.name).limit(SEARCH_LIMIT)
    text = (text or "").strip()
    if text:
        query = query.where(func.lower(Guardian.name).contains(text.lower(), autoescape=True))
    return list(db.scalars(query))


def current_conversation(db: Session, guardian: Guardian) -> Conversation | None:
    """The guardian's latest SMS conversation: the one a simulated text lands in."""
    return db.scalar(select(Conversation)
                     .where(Conversation.phone == guardian.phone, Conversation.channel == "sms")
                     .order_by(Conversation.id.desc()))


@dataclass
class SimulatorView:
    guardian: Guardian
    conversation: Conversation | None
    transcript: list[MessageView]
    family: Family


def view(db: Session, staff: StaffUser, guardian: Guardian) -> SimulatorView:
    conv = current_conversation(db, guardian)
    transcript = []
    if conv is not None:
        staff_names = dict(db.execute(select(StaffUser.id, StaffUser.name)).all())
        now = utcnow()
        transcript = [message_view(m, staff_names, now)
                      for m in conv.messages[-TRANSCRIPT_LIMIT:]]
    return SimulatorView(guardian, conv, transcript,
                         family_panel(db, staff, guardian.phone, guardian))


def simulate(pipeline: Pipeline, guardian_phone: str, text: str) -> Reply:
    """Send ``text`` through the real pipeline as if texted from ``guardian_phone``."""
    return pipeline.handle(Inbound(channel="sms", sender=guardian_phone, body=text,
                                   provider_id=f"sim:{uuid4()}"), wait_for_turn=True)
