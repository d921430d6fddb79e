"""A family's reply to what the clock asked them (bot.outreach.asks), read in its light.

- After a follow-up ("We missed Sofía on Monday and Tuesday … can you tell us why?"): a reason
  with no day of its own is the reason for those days and those children (``followup_days``);
  a need ("we have no car") is both a resource request and the reason for those days
  (``reason_from_need``). Recording a reason for them answers the ask.
- After the offer of wake-up texts: "yes" turns them on at NUDGE_DEFAULT_TIME, a morning time
  turns them on at that time, "no" is respected (``answer_nudge_offer``).
"""

from __future__ import annotations

from datetime import date

from bot.actions.absence_record import record
from bot.actions.family import Family, latest_text, say
from bot.actions.nudge_settings import parse_wake_time
from bot.actions.rsvp import SHORT_ANSWER_WORDS, open_invitation
from bot.nlu.labels import REASON_FOR_NEED
from bot.outreach.asks import answered, open_ask
from bot.text.answers import yes_or_no
from config import Config
from models import OutreachAsk


def _followup(session, family: Family) -> OutreachAsk | None:
    return open_ask(session, family.phone, "followup")


def followup_days(session, family: Family, named: list) -> tuple[list, list[date]] | None:
    """(children, days) the open follow-up asked about, when the family's message names no day
    and no other child; else None."""
    ask = _followup(session, family)
    if ask is None or any(c.id not in ask.student_ids for c in named):
        return None
    children = named or [c for c in family.children if c.id in ask.student_ids]
    return (children, [date.fromisoformat(d) for d in ask.days]) if children else None


def followup_answered(session, family: Family, days: list[date]) -> None:
    """A reason was recorded for ``days``: the follow-up about them is answered."""
    ask = _followup(session, family)
    if ask is not None and {d.isoformat() for d in days} & set(ask.days):
        answered(ask)


def reason_from_need(dispatcher, session, family: Family, needs: list[str]) -> None:
    """Right after a follow-up, a need that keeps a child from school is also the reason for the
    days asked about: recorded, and confirmed to the family."""
    reasons = [REASON_FOR_NEED[n] for n in needs if n in REASON_FOR_NEED]
    found = followup_days(session, family, []) if reasons else None
    if found is None:
        return
    children, days = found
    record(session, [c.id for c in children], days, "absence", reasons[0],
           family.guardian.id if family.guardian else None, family.message_id)
    followup_answered(session, family, days)
    say(dispatcher, "absence_recorded", child={"list": [c.first_name for c in children]},
        dates={"dates": [d.isoformat() for d in days]})


def _default_time():
    hour, minute = Config.NUDGE_DEFAULT_TIME.split(":")
    return int(hour), int(minute)


def answer_nudge_offer(dispatcher, tracker, session, family: Family) -> bool:
    """Take the reply as the answer to an open offer of wake-up texts (unless an invitation
    came after it: then the reply is the RSVP). True when it was."""
    ask = open_ask(session, family.phone, "nudge_offer")
    if ask is None or not family.guardians:
        return False
    rsvp = open_invitation(session, [g.id for g in family.guardians])
    if rsvp is not None and rsvp.answer == "invited" and rsvp.created_at > ask.created_at:
        return False
    text = latest_text(tracker)
    wake = parse_wake_time(text)
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    if not (wake or intent in ("affirm", "deny") or len(text.split()) <= SHORT_ANSWER_WORDS):
        return False  # a long message about something else is not the answer
    answer = "yes" if wake else yes_or_no(text, family.language) or \
        {"affirm": "yes", "deny": "no"}.get(intent)
    if answer is None:
        return False
    answered(ask)
    if answer == "no":
        say(dispatcher, "ok")
        return True
    for guardian in family.guardians:
        guardian.nudge_opt_in, guardian.nudge_time = True, wake
    hour, minute = (wake.hour, wake.minute) if wake else _default_time()
    say(dispatcher, "nudge_set", time={"time": f"{hour:02d}:{minute:02d}"})
    return True
