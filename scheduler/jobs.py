"""Job functions run by the clock (scheduler.registry lists them with their triggers).

Each takes ``at`` (the moment to run as of; default now) and ``db`` (default: the clock's own,
from DATABASE_URL), so ``flask scheduler run JOB --at …`` and the tests run exactly what the
clock runs. Outreach jobs return a bot.outreach.results.JobResult.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from functools import lru_cache

from bot.outreach.results import JobResult
from config import Config
from models import Heartbeat
from models.base import utcnow
from models.db import Database

log = logging.getLogger(__name__)

@lru_cache(maxsize=1)
def database() -> Database:
    return Database(Config.DATABASE_URL)


def heartbeat(name: str = "clock", at: datetime | None = None, db: Database | None = None
              ) -> None:
    """Record that the clock is alive (read by /healthz)."""
    with (db or database()).session() as session:
        beat = session.get(Heartbeat, name)
        if beat is None:
            session.add(Heartbeat(name=name, beat_at=at or utcnow()))
        else:
            beat.beat_at = at or utcnow()


@lru_cache(maxsize=1)
def outbox_transport():
    """One transport per clock process, so the Twilio client's HTTP connections are reused."""
    from bot.outbox.transports import build_transport

    return build_transport(Config)


_TRANSPORT_ERRORS: set[str] = set()


def outbox(at: datetime | None = None, db: Database | None = None) -> dict[str, int]:
    """Send the outbox messages that are due (bot.outbox.sender.drain); returns its counts.
    A transport that cannot be built (Twilio half configured) sends nothing and is logged once
    per clock, clearly; /healthz reports it too. Messages wait in the outbox meanwhile."""
    from bot.outbox.sender import drain

    try:
        transport = outbox_transport()
    except ValueError as exc:
        if str(exc) not in _TRANSPORT_ERRORS:
            _TRANSPORT_ERRORS.add(str(exc))
            log.error("the outbox cannot send: %s (messages wait in the outbox; see /healthz)",
                      exc)
        return {"sent": 0, "unconfigured": 1}
    return drain(db or database(), transport, now=at)


drain_outbox = outbox  # the name the clock's job store used before


@lru_cache(maxsize=1)
def staff_translator():
    """One Translator per clock process: its cache and circuit breaker live across runs."""
    from bot.clients.translation import Translator

    return Translator.from_config(Config)


def translations(at: datetime | None = None, db: Database | None = None, limit: int = 50,
                 translator=None) -> dict[str, int]:
    """English for staff: translate the newest inbound non-English messages that have none
    (bot.staff_translation.translate_pending; failures stay NULL, the admin page offers
    Retry); then the event titles and resource descriptions still missing a language
    (bot.district_text)."""
    from bot.district_text import translate_missing
    from bot.staff_translation import translate_pending as run

    db, translator = db or database(), translator or staff_translator()
    result = run(db, translator, limit=limit)
    translate_missing(db, translator, limit=limit)
    return result


def translate_pending(limit: int = 50, db: Database | None = None,
                      translator=None) -> dict[str, int]:
    """The translations job under the name the tests and older job stores use."""
    return translations(db=db, limit=limit, translator=translator)


def nudges(at: datetime | None = None, db: Database | None = None) -> JobResult:
    """Queue the wake-up nudges due since the previous run (bot.outreach.nudges.queue_nudges);
    the run's moment is kept (Heartbeat "nudges") so a clock that was down catches up."""
    from bot.outreach.nudges import queue_nudges

    at = at or utcnow()
    with (db or database()).session() as session:
        mark = session.get(Heartbeat, "nudges")
        since = mark.beat_at if mark else None
        if since is not None and since.tzinfo is None:
            since = since.replace(tzinfo=UTC)  # SQLite hands back naive UTC
        result = queue_nudges(session, at, since)
        if mark is None:
            session.add(Heartbeat(name="nudges", beat_at=at))
        elif since is None or at > since:
            mark.beat_at = at
        return result


def holdout(at: datetime | None = None, db: Database | None = None):
    """Draw the students newly eligible for proactive outreach into treatment or holdout
    (bot.outreach.holdout), as of the district's date; praise and the wake-up offers also do
    it before they choose whom to text. Returns an AssignResult."""
    from zoneinfo import ZoneInfo

    from bot.outreach.holdout import assign_new

    today = (at or utcnow()).astimezone(ZoneInfo(Config.DISTRICT_TIMEZONE)).date()
    with (db or database()).session() as session:
        return assign_new(session, today)


def praise(at: datetime | None = None, db: Database | None = None) -> JobResult:
    """Queue the evening's attendance praise (bot.outreach.praise); also run after each
    attendance import."""
    from bot.outreach.praise import queue_praise

    with (db or database()).session() as session:
        return queue_praise(session, at or utcnow())


def invitations(at: datetime | None = None, db: Database | None = None) -> JobResult:
    """Event invitations whose day has come (bot.outreach.invitations)."""
    from bot.outreach.invitations import queue_invitations

    with (db or database()).session() as session:
        return queue_invitations(session, at or utcnow())


def reminders(at: datetime | None = None, db: Database | None = None) -> JobResult:
    """Reminders the day before an event (bot.outreach.invitations)."""
    from bot.outreach.invitations import queue_reminders

    with (db or database()).session() as session:
        return queue_reminders(session, at or utcnow())


def followups(at: datetime | None = None, db: Database | None = None) -> JobResult:
    """After the day's attendance: ask families about silent absences, give staff the students
    who need a person (bot.outreach.followups), and offer wake-up texts to families whose child
    is starting to miss school (bot.outreach.offers)."""
    from bot.outreach.followups import queue_followups
    from bot.outreach.offers import queue_nudge_offers

    at = at or utcnow()
    with (db or database()).session() as session:
        return queue_followups(session, at).add(queue_nudge_offers(session, at))


def retention(at: datetime | None = None, db: Database | None = None) -> dict[str, int]:
    """Erase message bodies older than RETENTION_DAYS, ShowUp's and Rasa's (bot.retention)."""
    from bot.retention import erase_old_bodies, erase_old_tracker_events

    at = at or utcnow()
    with (db or database()).session() as session:
        counts = erase_old_bodies(session, at, Config.RETENTION_DAYS)
    counts["rasa_events"] = erase_old_tracker_events(Config.RASA_TRACKER_URL, at,
                                                     Config.RETENTION_DAYS)
    return counts


def bot_return(at: datetime | None = None, db: Database | None = None,
               pipeline=None) -> JobResult:
    """Conversations handed to staff only because Rasa was down go back to the bot once it
    answers, their unanswered messages answered through the outbox (bot.late_replies); and
    the turn queue is worked once (bot.turn_queue), so turns are answered — a dead web
    worker's included — even where no ``turns`` process runs."""
    from bot.inbound import Pipeline
    from bot.late_replies import return_to_bot
    from bot.turn_queue import work, worker_name

    db = db or database()
    if pipeline is None:
        pipeline = Pipeline.from_config(db, Config)
        pipeline.translator = staff_translator()  # its cache and breaker live across runs
    return work(db, pipeline, worker_name("clock")).add(return_to_bot(db, pipeline))
