"""Questions the clock texted to a family, so the bot reads the answer in their light.

A follow-up after silent absences asks why: a reason in the reply with no day of its own is the
reason for those days. The one-time offer of wake-up texts asks yes or no: "yes" turns them on.
An ask stays open until it is answered or ASK_OPEN_DAYS old; the newest open one counts.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from models import OutreachAsk
from models.base import utcnow

ASK_OPEN_DAYS = 3


def record_ask(session: Session, *, key: str, kind: str, phone: str, student_ids: list[int],
               days: list[str] | None = None, now: datetime | None = None) -> bool:
    """Store the ask (once per key); True if it is new."""
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect](OutreachAsk)
    stmt = insert.values(key=key, kind=kind, phone=phone, student_ids=sorted(student_ids),
                         days=days or [], created_at=now or utcnow()) \
        .on_conflict_do_nothing(index_elements=["key"]).returning(OutreachAsk.id)
    return session.execute(stmt).scalar_one_or_none() is not None


def open_ask(session: Session, phone: str | None, kind: str | None = None,
             now: datetime | None = None) -> OutreachAsk | None:
    """The newest unanswered ask to ``phone`` of the last ASK_OPEN_DAYS (of ``kind`` if given)."""
    if not phone:
        return None
    since = (now or utcnow()) - timedelta(days=ASK_OPEN_DAYS)
    query = select(OutreachAsk).where(OutreachAsk.phone == phone,
                                      OutreachAsk.answered_at.is_(None),
                                      OutreachAsk.created_at >= since)
    if kind is not None:
        query = query.where(OutreachAsk.kind == kind)
    return session.scalar(query.order_by(OutreachAsk.created_at.desc(), OutreachAsk.id.desc()))


def answered(ask: OutreachAsk, now: datetime | None = None) -> None:
    ask.answered_at = ask.answered_at or now or utcnow()
