"""Drain the outbox: send due messages through a transport, one short transaction per step.

``drain(db, transport, now=None, limit=50, rate_per_second=None) -> counts`` takes up to
``limit`` rows with status "queued" and ``not_before <= now`` in priority order (urgent, then
answers to a family, then fan-out; oldest first within each). For each row:

1. Claim it: UPDATE ... SET status='sending' WHERE id=? AND status='queued', committed before any
   network call. A rowcount of 0 means another drain has it: skip. So two drains (two clock
   processes, a manual run) never send one row twice.
2. Re-check, in the same transaction, that no guardian on that phone opted out or became
   unreachable since it was queued: then "suppressed", never sent. And quiet hours, again: a
   praise queued at 16:30 and reached at 21:00 (a long queue, a clock that was down) goes back
   to "queued" until the morning ("held").
3. Send, paced to ``rate_per_second`` segments (OUTBOX_RATE_PER_SECOND, default 1.0, the US long
   code ceiling; <= 0 disables pacing), with no transaction open.
4. Record: "sent" + provider_sid; or, on TwilioTemporaryError, back to "queued" with
   ``not_before = now + 30 s * 2**(attempts - 1)`` (30, 60, 120, 240 s) and "failed" at the 5th
   attempt; on TwilioPermanentError, 21610 marks the guardians opted out and the row
   "suppressed", an invalid/landline number marks them unreachable and the row "failed", any
   other code fails the row. ``attempts`` counts every try; ``error_code`` keeps the last code.

The pass stops at the first temporary error (Twilio down or throttling us: the rest can wait for
the next pass instead of timing out one by one) and at an authentication failure (HTTP 401: our
credentials are wrong, not the message; the row goes back to "queued" untouched so nothing is
lost while someone fixes the configuration).

A crash between claim and record leaves a row in "sending". It is not blindly resent, since
Twilio may already have it: each pass first asks the transport about rows sending for longer
than STUCK_AFTER (``recover``): found in Twilio's message list, the row is "sent" with that
SID; not found, "queued" again; Twilio unreachable, left for the next pass.
Counts: sent, retry, failed, suppressed, skipped, halted, held, recovered, requeued. ``clock``
and ``sleep`` (pacing) are injectable so tests never wait.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from bot.clients.twilio import AUTH_FAILED_STATUS, TwilioPermanentError, TwilioTemporaryError
from bot.delivery_status import OPTED_OUT, apply_error_code
from bot.opt_out import is_opted_out
from bot.outbox.enqueue import NOT_HELD_KINDS
from bot.outbox.quiet_hours import guardian_timezone, next_allowed
from bot.outbox.recovery import recover
from bot.outbox.transports import Outgoing, Transport
from config import Config
from models import Guardian, OutboxMessage
from models.base import utcnow
from models.db import Database

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF = timedelta(seconds=30)


def default_rate() -> float:
    from config import Config

    return Config.OUTBOX_RATE_PER_SECOND


class Pacer:
    """Spaces sends so that ``rate`` segments per second are never exceeded. ``clock`` and
    ``sleep`` are injectable so tests pace without waiting."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.rate, self.clock, self.sleep = rate, clock, sleep
        self.next_at: float | None = None

    def wait(self, cost: int = 1) -> None:
        if self.rate <= 0:
            return
        now = self.clock()
        if self.next_at is not None and self.next_at > now:
            self.sleep(self.next_at - now)
            now = self.next_at
        self.next_at = now + max(cost, 1) / self.rate


def _due_ids(db: Database, now: datetime, limit: int) -> list[int]:
    with db.session() as session:
        return list(session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.status == "queued", OutboxMessage.not_before <= now)
            .order_by(OutboxMessage.priority.desc(), OutboxMessage.id)
            .limit(limit)
        ))


def _quiet_until(session, row: OutboxMessage, now: datetime) -> datetime | None:
    """When quiet hours end for this row's family, if they hold it now."""
    if row.urgent or row.kind in NOT_HELD_KINDS:
        return None
    guardian = session.get(Guardian, row.guardian_id) if row.guardian_id else None
    allowed = next_allowed(now, guardian_timezone(session, guardian), Config.QUIET_HOURS)
    return allowed if allowed > now else None


def _claim(db: Database, row_id: int, now: datetime) -> tuple[str, Outgoing | None]:
    """Claim the row: ("claimed", Outgoing), ("suppressed", None) when the family may no longer
    be texted, ("held", None) in their quiet hours, or ("skipped", None) when another drain
    claimed it first."""
    with db.session() as session:
        claimed = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id, OutboxMessage.status == "queued")
            .values(status="sending", claimed_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:
            return "skipped", None
        row = session.get(OutboxMessage, row_id)
        who = Guardian.phone == row.to
        if row.guardian_id is not None:
            who = or_(who, Guardian.id == row.guardian_id)
        blocked = session.scalar(select(Guardian.id).where(
            who, or_(Guardian.opted_out.is_(True), Guardian.phone_unreachable.is_(True))
        ).limit(1))
        if blocked is not None or is_opted_out(session, row.to):
            row.status = "suppressed"
            return "suppressed", None
        until = _quiet_until(session, row, now)
        if until is not None:
            row.status, row.not_before, row.claimed_at = "queued", until, None
            return "held", None
        return "claimed", Outgoing(row.id, row.to, row.body, row.channel, row.segments)


def _record(db: Database, row_id: int, now: datetime, sid: str | None = None,
            error: Exception | None = None) -> str:
    """Store the outcome of one send; returns the count it goes to."""
    with db.session() as session:
        row = session.get(OutboxMessage, row_id)
        if isinstance(error, TwilioPermanentError) and error.status == AUTH_FAILED_STATUS:
            row.status = "queued"  # not the message's fault: no attempt counted
            return "halted"
        row.attempts += 1
        if error is None:
            row.status, row.provider_sid, row.error_code = "sent", sid, None
            return "sent"
        if isinstance(error, TwilioPermanentError):
            row.error_code = str(error.code or error.status or "permanent")[:16]
            outcome = apply_error_code(session, row, error.code)
            row.status = "suppressed" if outcome == OPTED_OUT else "failed"
            return "suppressed" if outcome == OPTED_OUT else "failed"
        # Temporary (or unexpected) error: back off, then give up.
        status = getattr(error, "status", None)
        row.error_code = str(status or getattr(error, "code", None) or "temporary")[:16]
        if row.attempts >= MAX_ATTEMPTS:
            row.status = "failed"
            return "failed"
        row.status = "queued"
        row.not_before = now + BACKOFF * 2 ** (row.attempts - 1)
        return "retry"


def drain(db: Database, transport: Transport, *, now: datetime | None = None, limit: int = 50,
          rate_per_second: float | None = None, clock: Callable[[], float] = time.monotonic,
          sleep: Callable[[float], None] = time.sleep) -> dict[str, int]:
    """Send what is due; returns counts per outcome (see the module docstring)."""
    now = now or utcnow()
    rate = default_rate() if rate_per_second is None else rate_per_second
    pacer = Pacer(rate, clock, sleep)
    counts = dict.fromkeys(("sent", "retry", "failed", "suppressed", "skipped", "halted",
                            "held"), 0)
    counts.update(recover(db, transport, now))
    for row_id in _due_ids(db, now, limit):
        claim, outgoing = _claim(db, row_id, now)
        if outgoing is None:
            counts[claim] += 1
            continue
        pacer.wait(outgoing.segments)
        try:
            sid, error = transport.send(outgoing), None
        except (TwilioTemporaryError, TwilioPermanentError) as exc:
            sid, error = None, exc
        except Exception as exc:  # a bug or an unknown failure: retry a bounded number of times
            log.warning("outbox %s: unexpected %s from %s", row_id, type(exc).__name__,
                        transport.name)
            sid, error = None, exc
        outcome = _record(db, row_id, now, sid, error)
        counts[outcome] += 1
        if outcome == "halted":
            log.error("outbox: Twilio rejected our credentials (HTTP 401): nothing is sent "
                      "until TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN are fixed")
            break
        if error is not None and not isinstance(error, TwilioPermanentError):
            log.warning("outbox %s: temporary failure (%s); pass ends here", row_id,
                        type(error).__name__)
            break
    if any(counts.values()):
        log.info("outbox drained via %s: %s", transport.name, counts)
    return counts
