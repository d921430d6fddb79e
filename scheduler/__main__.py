"""``python -m scheduler``: start the clock process and block."""

from __future__ import annotations

import logging

from apscheduler.schedulers.blocking import BlockingScheduler

from config import Config
from scheduler.jobs import heartbeat


def build_scheduler() -> BlockingScheduler:
    # A job may run late (the machine was busy) but not pile up: coalesce runs, and give a
    # deliberate grace time instead of APScheduler's 1-second default.
    scheduler = BlockingScheduler(
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 60}
    )
    scheduler.add_job(
        "scheduler.jobs:heartbeat", "interval", seconds=Config.HEARTBEAT_SECONDS,
        id="heartbeat",
    )
    # Every 5 s; max_instances=1 above keeps a slow drain (rate-paced) from overlapping itself.
    scheduler.add_job("scheduler.jobs:drain_outbox", "interval", seconds=5, id="outbox")
    # English for staff, off the request path (googletrans may be slow or refuse).
    scheduler.add_job("scheduler.jobs:translate_pending", "interval", seconds=30, id="translate")
    # Nudges: every minute, each family at the time it chose (idempotent per family and day).
    scheduler.add_job("scheduler.jobs:nudges", "cron", minute="*", id="nudges")
    # Praise after the day's attendance import, well before quiet hours.
    scheduler.add_job("scheduler.jobs:praise", "cron", hour=16, minute=30,
                      timezone=Config.DISTRICT_TIMEZONE, id="praise")
    return scheduler


def main() -> None:
    logging.basicConfig(level=Config.LOG_LEVEL)
    scheduler = build_scheduler()
    heartbeat()  # first beat at start, so /healthz is green as soon as the clock is up
    scheduler.start()


if __name__ == "__main__":
    main()
