"""``python -m scheduler``: the clock process.

One active clock at a time (scheduler.lock): a second one started by mistake or as a standby
waits, and takes over within a minute of the first one dying. The active clock runs
APScheduler 3 with its jobs (scheduler.registry) in a SQLAlchemy job store on the application
database, in the district's time zone, with explicit job ids, coalescing and a deliberate grace
time per job. Web workers never start a scheduler.
"""

from __future__ import annotations

import logging
import signal
import sys

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.blocking import BlockingScheduler

from config import Config
from models.db import Database
from scheduler import lock as clock_lock
from scheduler.jobs import heartbeat
from scheduler.registry import JOBS

log = logging.getLogger("scheduler")
JOBSTORE_TABLE = "apscheduler_jobs"


def build_scheduler(database_url: str | None = None) -> BlockingScheduler:
    """The scheduler with every job; a job store on ``database_url`` when given (the clock),
    in memory otherwise (tests, ``flask scheduler list``)."""
    jobstores = {}
    if database_url:
        jobstores["default"] = SQLAlchemyJobStore(url=_sqlalchemy_url(database_url),
                                                  tablename=JOBSTORE_TABLE)
    scheduler = BlockingScheduler(
        jobstores=jobstores, timezone=Config.DISTRICT_TIMEZONE,
        job_defaults={"coalesce": True, "max_instances": 1})
    for job in JOBS.values():
        scheduler.add_job(job.func, job.make_trigger(Config.DISTRICT_TIMEZONE), id=job.name,
                          name=job.about, misfire_grace_time=job.grace, replace_existing=True)
    return scheduler


def _sqlalchemy_url(url: str) -> str:
    return "postgresql+psycopg://" + url[len("postgresql://"):] \
        if url.startswith("postgresql://") else url


def main() -> None:
    logging.basicConfig(level=Config.LOG_LEVEL)
    db = Database(Config.DATABASE_URL)
    leadership = clock_lock.ClockLock(db)
    leadership.acquire(wait=True)
    scheduler = build_scheduler(Config.DATABASE_URL)
    if not leadership.postgres:
        # SQLite: keep the lease; a clock that lost it (it was frozen for a minute and another
        # took over) stops rather than run every job twice.
        def keep_lease() -> None:
            if not leadership.renew():
                log.error("clock: another clock took over; stopping")
                scheduler.shutdown(wait=False)

        scheduler.add_job(keep_lease, "interval", seconds=clock_lock.LEASE_SECONDS / 3,
                          id="lease", jobstore=_memory(scheduler), misfire_grace_time=10)

    def stop(*_args) -> None:
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    heartbeat()  # first beat at start, so /healthz is green as soon as the clock is up
    try:
        scheduler.start()
    finally:
        leadership.release()
    sys.exit(0)


def _memory(scheduler: BlockingScheduler) -> str:
    """A job store that never persists (the lease job belongs to this process only)."""
    from apscheduler.jobstores.memory import MemoryJobStore

    if "process" not in scheduler._jobstores:
        scheduler.add_jobstore(MemoryJobStore(), "process")
    return "process"


if __name__ == "__main__":
    main()
