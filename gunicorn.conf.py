"""gunicorn settings for the web process (Procfile `web`).

The app is loaded once in the master and the language tools warmed there (bot.nlu.warm), then
the workers fork: they share those pages instead of each loading ~160 MB, and no family waits
for a worker's first load. What the master loaded is then frozen for the garbage collector.
Each worker then drops the database connections it inherited
(SQLAlchemy's advice for forked processes), so no two processes share a socket.
"""

import os

bind = f"127.0.0.1:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WEB_WORKERS", "2"))
# Threads per worker: a webhook spends most of its time waiting on Rasa, so a worker serves
# other families meanwhile (bench/rush.py: two one-thread workers fell behind at 20 msg/s).
worker_class = "gthread"
# More request threads than turn threads (REPLY_THREADS, 4): at most that many webhooks wait on
# a turn, and the rest answer Twilio at once when every turn thread is busy. With 4 and 4, at
# 20 msg/s every request thread sat out its budget and webhooks queued for 10 s (bench/rush).
threads = int(os.environ.get("WEB_THREADS", "12"))
timeout = 30
preload_app = True


def when_ready(server):
    import gc

    from bot.nlu.warm import warm_up

    warm_up()
    # Everything loaded so far lives as long as the process: out of the collector's sight, a
    # full collection no longer walks the language models' millions of objects (it made the
    # inbox's slowest requests twice its median), and the shared pages stay shared.
    gc.collect()
    gc.freeze()
    server.log.info("language tools loaded: the workers share them (%d objects frozen)",
                    gc.get_freeze_count())


def post_fork(server, worker):
    app = server.app.callable
    if app is not None and "db" in getattr(app, "extensions", {}):
        app.extensions["db"].engine.dispose(close=False)
