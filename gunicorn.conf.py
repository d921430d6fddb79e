"""gunicorn settings for the web process (Procfile `web`).

The app is loaded once in the master and the language tools warmed there (bot.nlu.warm), then
the workers fork: they share those pages instead of each loading ~160 MB, and no family waits
for a worker's first load. Each worker then drops the database connections it inherited
(SQLAlchemy's advice for forked processes), so no two processes share a socket.
"""

import os

bind = f"127.0.0.1:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WEB_WORKERS", "2"))
# Threads per worker: a webhook spends most of its time waiting on Rasa, so a worker serves
# other families meanwhile (bench/rush.py: two one-thread workers fell behind at 20 msg/s).
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = 30
preload_app = True


def when_ready(server):
    from bot.nlu.warm import warm_up

    warm_up()
    server.log.info("language tools loaded: the workers share them")


def post_fork(server, worker):
    app = server.app.callable
    if app is not None and "db" in getattr(app, "extensions", {}):
        app.extensions["db"].engine.dispose(close=False)
