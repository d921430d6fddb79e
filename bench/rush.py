"""The morning rush on the real stack: absence reports in six languages sent open loop at
fixed rates, to ShowUp (gunicorn with gunicorn.conf.py, signed Twilio webhooks, REPLY_BUDGET)
and, alternated in the same run, to its own Rasa's REST channel alone (same model, same action
server, same texts, the metadata ShowUp would send).

    MODEL_PATH=var/rasa-models/showup-….tar.gz .venv/bin/python -m bench.rush
    BENCH_RATES=2,5,10,20 BENCH_SECONDS=30 …

One JSON line per rate and side: messages sent, replies completed per second, p50/p95/p99 of
the time to the family's reply (the TwiML, or the outbox row when the answer came late), how
many came late by SMS, and how many got no reply within 15 s; then the ShowUp/bare ratio of
completed replies per second. SQLite, one Rasa, two web workers and BENCH_TURN_WORKERS (1)
turns processes for the shared turn queue, on this machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC
from pathlib import Path

import requests
from sqlalchemy import select

from bot.nlu import rasa_process
from config import ROOT
from models import Message
from models.db import Database
from models.migrate import upgrade
from tests.factories import TWILIO_TOKEN, make_family, make_school, sign

RATES = [float(r) for r in os.environ.get("BENCH_RATES", "2,5,10,20").split(",")]
SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
FAMILIES = 240
TURN_WORKERS = int(os.environ.get("BENCH_TURN_WORKERS", "1"))
TEXTS = {"es": "Sofia está enferma hoy, no va a la escuela", "vi": "Hôm nay Sofia bị ốm",
         "hmn": "Sofia mob hnub no tsis mus kawm ntawv", "zh": "Sofia今天生病了，不去学校",
         "ar": "سوفيا مريضة اليوم ولن تذهب إلى المدرسة", "ru": "София сегодня болеет"}
NO_REPLY_AFTER = 15.0


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))])


def open_loop(rate: float, send) -> list[dict]:
    results: list[dict] = []
    lock = threading.Lock()
    count = int(rate * SECONDS)
    start = time.monotonic()

    def one(i: int) -> None:
        record = send(i)
        with lock:
            results.append(record)

    with ThreadPoolExecutor(max_workers=256) as pool:
        for i in range(count):
            delay = start + i / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)  # the load generator's clock, not a test's wait
            pool.submit(one, i)
    return results


def main() -> None:
    model = Path(os.environ["MODEL_PATH"])
    work = Path(tempfile.mkdtemp(prefix="showup-bench-rush-"))
    url = f"sqlite:///{work / 'showup.db'}"
    upgrade(url)
    db = Database(url)
    families = []
    with db.session() as s:
        school = make_school(s)
        for i in range(FAMILIES):
            language = list(TEXTS)[i % len(TEXTS)]
            g = make_family(s, school=school, phone=f"+1916{i:07d}", language=language,
                            children=("Sofia",))
            families.append((g.id, g.phone, language))
    actions_ctx = rasa_process.action_server(work, url)
    actions = actions_ctx.__enter__()
    (work / "rasa").mkdir()
    rasa_ctx = rasa_process.rasa_server(work / "rasa", model, actions,
                                        tracker_db=work / "tracker.db")
    rasa_url, _ = rasa_ctx.__enter__()
    port = rasa_process.free_port()
    env = {**os.environ, "DATABASE_URL": url, "RASA_URL": rasa_url, "ACTIONS_URL": actions,
           "TWILIO_AUTH_TOKEN": TWILIO_TOKEN, "SECRET_KEY": "k" * 64, "PORT": str(port),
           "SMS_TRANSPORT": "console", "TRANSLATION_ENABLED": "false",
           "FLOOD_PER_MINUTE": "1000"}
    web = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py",
         "webhook:create_app()"], cwd=ROOT, stdout=(work / "web.log").open("w"),
        stderr=subprocess.STDOUT, env=env)
    # The turns a busy web process leaves to the shared queue (bot.turn_queue).
    turns = [subprocess.Popen([sys.executable, "-m", "bot.turn_worker"], cwd=ROOT, env=env,
                              stdout=(work / f"turns{i}.log").open("w"),
                              stderr=subprocess.STDOUT) for i in range(TURN_WORKERS)]
    base = f"http://127.0.0.1:{port}"
    rasa_process.wait_until(lambda: requests.get(base + "/admin/login", timeout=2).ok, 90,
                            "web", web, work / "web.log")
    sms_url = base + "/twilio/sms"
    sids = iter(range(10**9))

    def showup(i: int) -> dict:
        _, phone, language = families[i % FAMILIES]
        sid = f"SMrush{next(sids):026d}"
        params = {"From": phone, "To": "+19165550000", "Body": TEXTS[language],
                  "MessageSid": sid, "NumMedia": "0"}
        start = time.time()
        try:
            resp = requests.post(sms_url, data=params, timeout=NO_REPLY_AFTER,
                                 headers={"X-Twilio-Signature": sign(sms_url, params)})
            answered = "<Message>" in resp.text
        except requests.RequestException:
            answered = False
        return {"sid": sid, "start": start, "end": time.time(), "answered": answered}

    def bare(i: int) -> dict:
        guardian_id, _, language = families[i % FAMILIES]
        start = time.time()
        try:
            resp = requests.post(rasa_url + "/webhooks/rest/webhook", timeout=NO_REPLY_AFTER,
                                 json={"sender": f"bare-{i}", "message": TEXTS[language],
                                       "metadata": {"guardian_id": guardian_id,
                                                    "guardian_ids": [guardian_id],
                                                    "language": language}})
            answered = resp.ok and bool(resp.json())
        except (requests.RequestException, ValueError):
            answered = False
        return {"start": start, "end": time.time(), "answered": answered}

    summary = {}
    try:
        for rate in RATES:
            for side, send in (("bare", bare), ("showup", showup)):
                results = open_loop(rate, send)
                if side == "showup":
                    late_replies(db, results)
                summary[(rate, side)] = report(rate, side, results)
                print(json.dumps(summary[(rate, side)]), flush=True)
            ours, theirs = summary[(rate, "showup")], summary[(rate, "bare")]
            print(json.dumps({"benchmark": "rush", "rate": rate, "ratio_replies_per_s":
                              round(ours["replies_per_s"] / theirs["replies_per_s"], 2)
                              if theirs["replies_per_s"] else None}), flush=True)
    finally:
        for proc in (web, *turns):
            proc.terminate()
            proc.wait(30)
        rasa_ctx.__exit__(None, None, None)
        actions_ctx.__exit__(None, None, None)


def late_replies(db: Database, results: list[dict]) -> None:
    """For webhooks answered with empty TwiML: when the bot's reply was stored (the outbox then
    sends it). Waits until every turn under way has finished (REPLY_BUDGET's threads)."""
    deadline = time.monotonic() + 60
    pending = [r for r in results if not r["answered"]]
    while pending and time.monotonic() < deadline:
        with db.session() as s:
            for r in pending:
                message = s.scalar(select(Message).where(Message.provider_id == r["sid"]))
                if message is None:
                    continue
                reply = s.scalar(select(Message.created_at).where(
                    Message.conversation_id == message.conversation_id,
                    Message.direction == "out", Message.id > message.id).order_by(Message.id))
                if reply is not None:
                    r["late_end"] = reply.replace(tzinfo=UTC).timestamp() if \
                        reply.tzinfo is None else reply.timestamp()
        pending = [r for r in pending if "late_end" not in r]
        if pending:
            time.sleep(0.5)  # the load generator polling the database, not a test's wait


def report(rate: float, side: str, results: list[dict]) -> dict:
    times = []
    for r in results:
        end = r["end"] if r["answered"] else r.get("late_end")
        if end is not None and end - r["start"] <= NO_REPLY_AFTER:
            times.append(end - r["start"])
    span = max(r.get("late_end", r["end"]) for r in results) - min(r["start"] for r in results)
    return {"benchmark": "rush", "side": side, "rate": rate, "sent": len(results),
            "replies_per_s": round(len(times) / span, 2) if span else None,
            "p50_ms": pct(times, .5), "p95_ms": pct(times, .95), "p99_ms": pct(times, .99),
            "late_by_sms": sum(1 for r in results if not r["answered"] and "late_end" in r),
            "no_reply_within_15s": len(results) - len(times),
            "webhook_p95_ms": pct([r["end"] - r["start"] for r in results], .95)}


if __name__ == "__main__":
    main()
