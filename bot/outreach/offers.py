"""The one-time offer of wake-up texts to families whose child is starting to miss school.

``queue_nudge_offers(session, now)``: for students whose newest tier is ``at_risk`` or
``moderate`` (bot.tiers), one text per phone that does not get the wake-up texts yet, naming
those children: "Would you like a short good-morning text …? Reply YES, or a time like 6:45."
Once per phone, ever (key ``nudge_offer:<phone>``): a family that said no, or did not answer,
is not asked again. The text opens an ask (bot.outreach.asks): "yes" turns the texts on at
NUDGE_DEFAULT_TIME (bot.actions.affirm_deny), a time turns them on at that time. Students at
``severe`` get a person instead (bot.outreach.followups). Students in the holdout
(bot.outreach.holdout) are not offered them: a family is asked only about its treated children,
and not at all if it has none.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.messages.render import render
from bot.outbox.enqueue import enqueue
from bot.outreach.asks import record_ask
from bot.outreach.holdout import outreach_allowed
from bot.outreach.reach import families, phone_children, why_not_send
from bot.outreach.results import JobResult
from models import Student, TierSnapshot
from models.base import utcnow

OFFER_TIERS = ("at_risk", "moderate")


def queue_nudge_offers(session: Session, now: datetime | None = None) -> JobResult:
    now = now or utcnow()
    result = JobResult()
    as_of = session.scalar(select(func.max(TierSnapshot.as_of)))
    if as_of is None:
        return result
    ids = list(session.scalars(select(TierSnapshot.student_id).where(
        TierSnapshot.as_of == as_of, TierSnapshot.tier.in_(OFFER_TIERS))))
    allowed, withheld = outreach_allowed(session, ids, as_of)
    ids = [student for student in ids if student in allowed]
    for reason, count in withheld.items():
        result.skip(reason, count)  # counted in students; the rest in families
    children_of = phone_children(session, ids)
    students = {s.id: s for i in range(0, len(ids), 5000) for s in session.scalars(
        select(Student).where(Student.id.in_(ids[i:i + 5000])))}
    for phone, guardians in families(session, ids).items():
        key = f"nudge_offer:{phone}"
        if any(g.nudge_opt_in for g in guardians):
            result.skip("already gets wake-up texts")
            continue
        reason = why_not_send(session, key, phone, guardians)
        if reason:
            result.skip("already offered" if reason == "already sent" else reason)
            continue
        children = sorted((students[s] for s in children_of[phone]), key=lambda c: c.first_name)
        language = guardians[0].language
        body = render({"template": "nudge_offer", "vars": {
            "school": children[0].school.name,
            "children": {"list": [c.first_name for c in children]}}}, language)
        record_ask(session, key=key, kind="nudge_offer", phone=phone,
                   student_ids=[c.id for c in children], now=now)
        enqueue(session, key=key, guardian=guardians[0], body=body, kind="nudge_offer",
                now=now, language=language)
        result.queued += 1
    return result
