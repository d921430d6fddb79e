"""Server-side sessions behind the cookie, for staff and for families (models.WebSession).

``start(db, staff_id=… | guardian_id=…)`` returns a random token for the cookie and stores only
its SHA-256; ``owner(db, token)`` is the open session it belongs to, or None; ``end(db, token)``
ends it, so a copy of the cookie stops working; ``end_all(db, staff_id=…)`` ends every one of a
staff member's. The caller's transaction commits the change.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import WebSession
from models.base import utcnow


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(db: Session, *, staff_id: int | None = None, guardian_id: int | None = None) -> str:
    token = secrets.token_urlsafe(32)
    db.add(WebSession(token_hash=_hash(token), staff_id=staff_id, guardian_id=guardian_id))
    return token


def owner(db: Session, token: object) -> WebSession | None:
    if not isinstance(token, str) or not token:
        return None
    return db.scalar(select(WebSession).where(WebSession.token_hash == _hash(token),
                                              WebSession.ended_at.is_(None)))


def end(db: Session, token: object) -> None:
    if isinstance(token, str) and token:
        db.execute(update(WebSession).where(WebSession.token_hash == _hash(token),
                                            WebSession.ended_at.is_(None))
                   .values(ended_at=utcnow()))


def end_all(db: Session, *, staff_id: int) -> None:
    """End every open session of this staff member (disabled, or their password reset)."""
    db.execute(update(WebSession).where(WebSession.staff_id == staff_id,
                                        WebSession.ended_at.is_(None))
               .values(ended_at=utcnow()))
