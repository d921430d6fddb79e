"""Delivery state from Twilio's status callbacks, and what an error code means for the family.

``record_status(session, message_sid, status, error_code=None) -> bool`` updates the outbox row
with that provider SID: False when no row has it (not ours, or a console sid). Callbacks arrive
out of order ("sent" after "delivered"), so a status never moves a row backwards. An error code
that says the family unsubscribed (21610: the phone opts out, bot.opt_out) or that the number
cannot take texts (see bot.clients.twilio.UNREACHABLE_CODES) updates every guardian on that
phone, as at send time.

``apply_error_code(session, row, code)`` is that update, shared with the sender.
"""

from __future__ import annotations

import logging

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.clients.twilio import OPTED_OUT_CODES, UNREACHABLE_CODES
from bot.opt_out import opt_out
from models import Guardian, OutboxMessage

log = logging.getLogger(__name__)

# Progress of a message; a callback may only move a row to a higher rank.
RANK = {"queued": 0, "sending": 1, "sent": 2, "delivered": 3, "undelivered": 3, "failed": 3,
        "read": 4}
OPTED_OUT, UNREACHABLE = "opted_out", "unreachable"


def _code(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def apply_error_code(session: Session, row: OutboxMessage, code) -> str | None:
    """Opt the phone behind ``row`` out (21610: bot.opt_out), or mark its guardians unreachable
    (invalid/landline number). Every guardian on the same phone: Twilio blocks the number, not a
    person. Returns OPTED_OUT, UNREACHABLE or None (the code says nothing about the family)."""
    code = _code(code)
    if code in OPTED_OUT_CODES:
        opt_out(session, row.to)  # the same rule as STOP: the phone, every guardian on it
        log.info("outbox %s: error %s, phone opted out", row.id, code)
        return OPTED_OUT
    if code not in UNREACHABLE_CODES:
        return None
    who = Guardian.phone == row.to
    if row.guardian_id is not None:
        who = or_(who, Guardian.id == row.guardian_id)
    session.execute(update(Guardian).where(who, Guardian.phone_unreachable.is_(False))
                    .values(phone_unreachable=True)
                    .execution_options(synchronize_session="fetch"))
    log.info("outbox %s: error %s, guardians marked unreachable", row.id, code)
    return UNREACHABLE


def record_status(session: Session, message_sid: str, status: str,
                  error_code: str | int | None = None) -> bool:
    """Apply one status callback (queued/sent/delivered/undelivered/failed/read)."""
    row = session.scalar(select(OutboxMessage).where(OutboxMessage.provider_sid == message_sid))
    if row is None:
        return False
    status = (status or "").strip().lower()
    if error_code not in (None, ""):
        row.error_code = str(error_code)[:16]
        apply_error_code(session, row, error_code)
    if status not in RANK:
        # accepted/scheduled/canceled... say nothing new about delivery: note and move on.
        log.info("outbox %s: status %r ignored", row.id, status)
    elif RANK[status] > RANK.get(row.status, -1):
        row.status = status
    return True
