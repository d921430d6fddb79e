"""``python -m bot.turn_worker`` (the Procfile's ``turns``): answer the turns waiting in the
shared turn queue (bot.turn_queue) — those a busy web process left, and those of a process that
died mid-turn — and send the answers through the outbox.

Run as many as the morning needs, on any machine that reaches the database and Rasa: they
claim turns without waiting on each other. Each runs TURN_WORKER_THREADS loops; a loop that
finds nothing to claim looks again after POLL_SECONDS. SIGTERM lets the turns under way finish.
"""

from __future__ import annotations

import logging
import os
import signal
import threading

from bot.inbound import Pipeline
from bot.turn_queue import work, worker_name
from config import Config
from models.db import Database

log = logging.getLogger("turns")
POLL_SECONDS = 0.25


def loop(db: Database, pipeline: Pipeline, name: str, stop: threading.Event) -> None:
    """Work the queue until ``stop``; an idle pass waits POLL_SECONDS (or until stopped)."""
    while not stop.is_set():
        try:
            result = work(db, pipeline, name)
        except Exception:  # the database away for a moment: try again, do not die
            log.exception("the turn queue could not be read")
            stop.wait(5)
            continue
        if not result.queued and not result.skipped:
            stop.wait(POLL_SECONDS)


def main() -> None:
    logging.basicConfig(level=Config.LOG_LEVEL,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    db = Database(Config.DATABASE_URL)
    pipeline = Pipeline.from_config(db, Config)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    threads = [threading.Thread(target=loop, args=(db, pipeline, worker_name(f"turns-{i}"),
                                                   stop), daemon=True)
               for i in range(int(os.environ.get("TURN_WORKER_THREADS", "2")))]
    for thread in threads:
        thread.start()
    log.info("turn worker up: %d threads", len(threads))
    stop.wait()
    for thread in threads:
        thread.join(timeout=Config.TURN_DEADLINE + 1)


if __name__ == "__main__":
    main()
