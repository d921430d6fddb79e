"""Every job the clock runs: its id, what it calls, when, and how late it may still run.

The clock (scheduler/__main__.py) adds these to APScheduler with their explicit ids;
``flask scheduler list`` prints them with their next run and ``flask scheduler run JOB [--at]``
runs one once, as of a moment. Times are in the district's time zone (DISTRICT_TIMEZONE, the
scheduler's own). Jobs only decide who gets what and write outbox rows with idempotency keys,
so a late or repeated run never texts anyone twice; ``grace`` says how late a missed run is
still useful (APScheduler drops it after that) and every job coalesces missed runs into one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from config import Config


@dataclass(frozen=True)
class Job:
    name: str
    func: str  # "module:function", importable by APScheduler
    trigger: str  # "interval" | "cron"
    when: dict
    grace: int  # seconds a missed run is still worth running
    about: str

    def make_trigger(self, timezone: str):
        if self.trigger == "interval":
            return IntervalTrigger(timezone=timezone, **self.when)
        return CronTrigger(timezone=timezone, **self.when)

    def next_run(self, now: datetime, timezone: str) -> datetime | None:
        return self.make_trigger(timezone).get_next_fire_time(None, now)


JOBS: dict[str, Job] = {job.name: job for job in (
    Job("heartbeat", "scheduler.jobs:heartbeat", "interval",
        {"seconds": Config.HEARTBEAT_SECONDS}, 30, "the clock is alive (read by /healthz)"),
    Job("outbox", "scheduler.jobs:outbox", "interval", {"seconds": 5}, 30,
        "send what is due, paced, with retries"),
    Job("bot_return", "scheduler.jobs:bot_return", "interval", {"seconds": 60}, 120,
        "conversations handed to staff only because Rasa was down go back to the bot"),
    Job("translations", "scheduler.jobs:translations", "interval", {"seconds": 30}, 60,
        "English for staff; event titles and resource descriptions still missing a language"),
    Job("nudges", "scheduler.jobs:nudges", "cron", {"minute": "*"}, 60,
        "wake-up texts at each family's chosen time, on school days"),
    Job("holdout", "scheduler.jobs:holdout", "cron", {"hour": 16, "minute": 25}, 3 * 3600,
        "students newly eligible for outreach drawn into treatment or holdout (and after "
        "every import)"),
    Job("praise", "scheduler.jobs:praise", "cron", {"hour": 16, "minute": 30}, 3 * 3600,
        "attendance milestones, after the day's attendance import (and after every import)"),
    Job("followups", "scheduler.jobs:followups", "cron", {"hour": 16, "minute": 45}, 3 * 3600,
        "silent absences asked about, staff tasks, wake-up offers (and after every import)"),
    Job("invitations", "scheduler.jobs:invitations", "cron", {"hour": "8-18", "minute": 5},
        3600, "event invitations on their day, one per family"),
    Job("reminders", "scheduler.jobs:reminders", "cron", {"hour": "15-18", "minute": 10},
        3600, "the day before an event, to families who said yes or maybe"),
    Job("retention", "scheduler.jobs:retention", "cron", {"hour": 2, "minute": 30}, 12 * 3600,
        "erase message bodies older than RETENTION_DAYS (records and counts stay)"),
)}


def run(name: str, at: datetime | None = None, db=None):
    """Run job ``name`` once as of ``at`` (default now); returns what the job returns."""
    import importlib

    module, _, function = JOBS[name].func.partition(":")
    target: Callable = getattr(importlib.import_module(module), function)
    return target(at=at, db=db)
