"""The one rule for opting out of texts: it belongs to the phone.

STOP (the keyword, bot.nlu.keywords), a sentence ("please stop texting me", action_opt_out),
and Twilio's error 21610 (bot.delivery_status) all call ``opt_out(session, phone)``; START and
"you can text me again" call ``opt_in``. The phone is recorded in ``phone_opt_outs`` — so a
number that opted out before the roster knew it, or a guardian a later roster import adds on
that phone, is never texted — and every guardian on the phone gets ``opted_out``, which the
outbox and the clock's jobs check. ``is_opted_out`` is what a sender asks about a number.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from models import Guardian, PhoneOptOut
from models.base import utcnow


def opt_out(session: Session, phone: str, at: datetime | None = None) -> None:
    """No more texts to ``phone`` (E.164), for every guardian on it, now and later."""
    at = at or utcnow()
    if session.get(PhoneOptOut, phone) is None:
        session.add(PhoneOptOut(phone=phone, opted_out_at=at))
    # Guardians who opted out earlier keep their first date.
    session.execute(update(Guardian)
                    .where(Guardian.phone == phone, Guardian.opted_out.is_(False))
                    .values(opted_out=True, opted_out_at=at)
                    .execution_options(synchronize_session="fetch"))
    session.flush()


def opt_in(session: Session, phone: str) -> None:
    """Texts to ``phone`` again, for every guardian on it."""
    session.execute(delete(PhoneOptOut).where(PhoneOptOut.phone == phone))
    session.execute(update(Guardian).where(Guardian.phone == phone)
                    .values(opted_out=False, opted_out_at=None)
                    .execution_options(synchronize_session="fetch"))
    session.flush()


def opted_out_since(session: Session, phone: str) -> datetime | None:
    """When ``phone`` opted out, or None when it may be texted."""
    return session.scalar(select(PhoneOptOut.opted_out_at).where(PhoneOptOut.phone == phone))


def is_opted_out(session: Session, phone: str) -> bool:
    return opted_out_since(session, phone) is not None


def opted_out_phones(session: Session, phones: list[str]) -> set[str]:
    """Which of these phones opted out: ``is_opted_out`` for a fan-out, one query per 1,000."""
    found: set[str] = set()
    for start in range(0, len(phones), 1000):
        found.update(session.scalars(select(PhoneOptOut.phone).where(
            PhoneOptOut.phone.in_(phones[start:start + 1000]))))
    return found
