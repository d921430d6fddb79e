"""Who a family is, for outreach, and whether a text can reach it: shared by every job.

- ``families(session, students)``: {phone: its guardians} — one text per phone, since two
  guardians (or three children) on one phone are one family to text.
- ``phone_children(session, student_ids)``: {phone: which of these students are its children}.
- ``blocked(session, phone, guardians)``: why this phone gets nothing ("opted out",
  "unreachable"), or None.
- ``already_queued(session, key)``: an outbox row with this idempotency key exists;
  ``why_not_send`` is both checks, as a skip reason.
- For fan-outs, the same in bulk: ``queued_keys`` and ``blocked_by`` (with
  bot.opt_out.opted_out_phones).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.opt_out import is_opted_out
from models import Guardian, OutboxMessage, StudentGuardian

CHUNK = 5000  # ids per IN (...) list: well under every driver's parameter limit


def families(session: Session, students: Iterable) -> dict[str, list[Guardian]]:
    """{phone: its guardians (id order)} for these students (or student ids), phone order."""
    ids = [s if isinstance(s, int) else s.id for s in students]
    by_phone: dict[str, dict[int, Guardian]] = defaultdict(dict)
    for start in range(0, len(ids), CHUNK):
        rows = session.scalars(select(Guardian).join(StudentGuardian).where(
            StudentGuardian.student_id.in_(ids[start:start + CHUNK])))
        for guardian in rows:
            by_phone[guardian.phone][guardian.id] = guardian
    return {phone: [g[i] for i in sorted(g)] for phone, g in sorted(by_phone.items())}


def phone_children(session: Session, student_ids: list[int]) -> dict[str, set[int]]:
    """{phone: which of these students are its children}."""
    out: dict[str, set[int]] = defaultdict(set)
    for start in range(0, len(student_ids), CHUNK):
        rows = session.execute(select(Guardian.phone, StudentGuardian.student_id)
                               .join(StudentGuardian).where(
            StudentGuardian.student_id.in_(student_ids[start:start + CHUNK])))
        for phone, student in rows:
            out[phone].add(student)
    return out


def blocked(session: Session, phone: str, guardians: list[Guardian]) -> str | None:
    return blocked_by(guardians, is_opted_out(session, phone))


def queued_keys(session: Session, keys: list[str]) -> set[str]:
    """Which of these idempotency keys already have an outbox row."""
    found: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        found.update(session.scalars(select(OutboxMessage.idempotency_key).where(
            OutboxMessage.idempotency_key.in_(keys[start:start + CHUNK]))))
    return found


def blocked_by(guardians: list[Guardian], phone_opted_out: bool) -> str | None:
    """``blocked`` with the phone's opt-out already looked up (bot.opt_out.opted_out_phones)."""
    if phone_opted_out or all(g.opted_out for g in guardians):
        return "opted out"
    if all(g.phone_unreachable for g in guardians):
        return "unreachable"
    return None


def why_not_send(session: Session, key: str, phone: str, guardians: list[Guardian]
                 ) -> str | None:
    """Why the text keyed ``key`` does not go to this phone: "already sent", "opted out",
    "unreachable"; None when it may go."""
    if already_queued(session, key):
        return "already sent"
    return blocked(session, phone, guardians)


def already_queued(session: Session, key: str) -> bool:
    return session.scalar(select(OutboxMessage.id).where(
        OutboxMessage.idempotency_key == key)) is not None
