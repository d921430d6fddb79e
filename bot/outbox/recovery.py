"""Rows a crash left in "sending": find out whether they went, never guess.

A sender claims a row ("sending", ``claimed_at``) and sends it within seconds; a row still
sending STUCK_AFTER later belongs to a sender that died between the send and the record. Twilio
may or may not have the message, so ``recover(db, transport, now)`` asks the transport for this
very message (same number, same body) since just before the claim:

- found, with a SID no other row holds: "sent" with that SID (counted "recovered");
- not found: "queued" again, to be sent by this pass ("requeued");
- the provider cannot be asked (down, throttling): left as it is for the next pass.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from bot.clients.twilio import TwilioError
from bot.outbox.transports import Outgoing, Transport
from models import OutboxMessage
from models.base import as_utc
from models.db import Database

log = logging.getLogger(__name__)

STUCK_AFTER = timedelta(minutes=2)
LOOK_BEFORE = timedelta(minutes=5)  # clocks differ: look a little before the claim


def _stuck(db: Database, now: datetime) -> list[tuple[Outgoing, datetime]]:
    with db.session() as session:
        rows = session.scalars(select(OutboxMessage).where(
            OutboxMessage.status == "sending",
            or_(OutboxMessage.claimed_at < now - STUCK_AFTER,
                OutboxMessage.claimed_at.is_(None))).order_by(OutboxMessage.id))
        return [(Outgoing(r.id, r.to, r.body, r.channel, r.segments),
                 as_utc(r.claimed_at or r.created_at)) for r in rows]


def _settle(db: Database, row_id: int, sids: list[str]) -> str | None:
    with db.session() as session:
        taken = set(session.scalars(select(OutboxMessage.provider_sid).where(
            OutboxMessage.provider_sid.in_(sids)))) if sids else set()
        sid = next((s for s in sids if s not in taken), None)
        values = {"status": "sent", "provider_sid": sid,
                  "attempts": OutboxMessage.attempts + 1} if sid else \
            {"status": "queued", "claimed_at": None}
        changed = session.execute(
            update(OutboxMessage).where(OutboxMessage.id == row_id,
                                        OutboxMessage.status == "sending")
            .values(**values).execution_options(synchronize_session=False)).rowcount
        if not changed:
            return None  # settled meanwhile (a status callback, another pass)
        return "recovered" if sid else "requeued"


def recover(db: Database, transport: Transport, now: datetime) -> dict[str, int]:
    """Settle the rows stuck in "sending" (see the module docstring); returns the counts."""
    counts = {"recovered": 0, "requeued": 0}
    for outgoing, claimed_at in _stuck(db, now):
        try:
            sids = transport.sent_before(outgoing, claimed_at - LOOK_BEFORE)
        except TwilioError as exc:
            log.warning("outbox %s: cannot check a lost send yet (%s)", outgoing.id,
                        type(exc).__name__)
            break  # the provider is not answering: the rest can wait too
        outcome = _settle(db, outgoing.id, sids)
        if outcome:
            counts[outcome] += 1
            log.info("outbox %s: lost send %s", outgoing.id, outcome)
    return counts
