"""The web process as the Procfile runs it: gunicorn with gunicorn.conf.py loads the app once,
warms the language tools before forking (bot.nlu.warm), and both workers serve."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import requests

from bot.nlu.rasa_process import free_port
from config import ROOT
from models.migrate import upgrade


def test_warm_up_loads_lingua_and_jieba_once():
    from bot.nlu import language_detect, preprocess
    from bot.nlu.warm import warm_up

    language_detect._lingua.cache_clear()
    preprocess._jieba.cache_clear()
    warm_up()
    assert language_detect._lingua.cache_info().currsize == 1
    assert preprocess._jieba.cache_info().currsize == 1


def test_gunicorn_preloads_the_app_and_both_workers_serve(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'web.db'}"
    upgrade(url)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "PORT": str(port),
           "SECRET_KEY": "k" * 64, "WEB_WORKERS": "2"}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    proc = subprocess.Popen([str(gunicorn), "-c", "gunicorn.conf.py", "webhook:create_app()"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        deadline, pids = time.monotonic() + 60, set()
        while time.monotonic() < deadline and len(pids) < 2:
            try:
                response = requests.get(f"http://127.0.0.1:{port}/admin/login", timeout=5)
                assert response.status_code == 200
            except requests.ConnectionError:
                time.sleep(0.2)  # still starting: poll again (not a timing assertion)
                continue
            pids |= set(subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True,
                                       text=True).stdout.split())
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0]
    assert len(pids) == 2, output
    # Warmed once, in the master, before any worker was forked.
    assert output.index("language tools loaded") < output.index("Booting worker")
    frozen = re.search(r"share them \((\d+) objects frozen\)", output)
    assert frozen and int(frozen[1]) > 100_000  # the loaded app, out of the collector's sight
