"""The morning rush on the real stack: absence reports in six languages sent open loop at
fixed rates, to ShowUp (gunicorn with gunicorn.conf.py, signed Twilio webhooks, REPLY_BUDGET)
and, alternated in the same run, to stock Rasa 3.6's REST channel alone doing the same turns
(the same model and action server, none of flows/showup_components' changes to Rasa, the same
texts, the metadata ShowUp would send, each family's messages in one conversation as ShowUp's).

    MODEL_PATH=var/rasa-models/showup-….tar.gz .venv/bin/python -m bench.rush
    BENCH_RATES=2,5,10,20 BENCH_SECONDS=30 …
    BENCH_DATABASE_URL=postgresql://…/db BENCH_RASA_INSTANCES=2 …   # production's layout

One JSON line per rate and side: messages sent, replies completed per second, p50/p95/p99 of
the time to the family's reply (the TwiML, or the outbox row when the answer came late), how
many came late by SMS, and how many got no reply within 15 s; then the ShowUp/stock ratio of
completed replies per second. By default SQLite, one Rasa, two web workers and
BENCH_TURN_WORKERS (1) turns processes for the shared turn queue, on this machine. With
BENCH_DATABASE_URL (PostgreSQL, emptied first) ShowUp runs on it, and every Rasa on
flows/endpoints.production.yml (trackers in PostgreSQL, locks in Redis);
BENCH_RASA_INSTANCES=2 gives ShowUp two Rasa instances (the web processes use one first, the
turns processes the other, each failing over to the other).
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
from contextlib import ExitStack
from datetime import UTC
from pathlib import Path

import requests
from sqlalchemy import func, select

from bench.common import cpu_seconds
from bot.inbound import UNANSWERED
from bot.nlu import rasa_process
from config import ROOT
from models import Conversation, Message
from models.db import Database
from models.migrate import upgrade
from tests.factories import TWILIO_TOKEN, make_family, make_school, sign

RATES = [float(r) for r in os.environ.get("BENCH_RATES", "2,5,10,20").split(",")]
SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
FAMILIES = 240
TURN_WORKERS = int(os.environ.get("BENCH_TURN_WORKERS", "1"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL")
RASA_INSTANCES = int(os.environ.get("BENCH_RASA_INSTANCES", "1"))
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


def wait_idle(pids: list[int], limit: float = 900) -> float:
    """Until these processes are idle (under 5 % of a core for a second); how long it took. A
    Rasa server goes on with requests whose client gave up (stock Rasa's backlog at 20/s takes
    minutes), and that must not eat the next phase's CPU."""
    start = time.monotonic()
    while time.monotonic() < start + limit:
        before = sum(cpu_seconds(pid) for pid in pids)
        time.sleep(1)  # the harness sampling CPU, not a test's wait
        if sum(cpu_seconds(pid) for pid in pids) - before < 0.05:
            break
    return round(time.monotonic() - start)


def fresh_database(work: Path) -> str:
    if not DATABASE_URL:
        return f"sqlite:///{work / 'showup.db'}"
    from sqlalchemy import text

    from models.db import make_engine

    engine = make_engine(DATABASE_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return DATABASE_URL


def start_rasa(stack: ExitStack, work: Path, name: str, model: Path, actions: str,
               stock: bool) -> tuple[str, int]:
    """One Rasa server (stock: none of ShowUp's changes); its URL and process id."""
    directory = work / name
    directory.mkdir()
    env = {"SHOWUP_STOCK_RASA": "1" if stock else "0"}
    if not DATABASE_URL:
        url, proc = stack.enter_context(rasa_process.rasa_server(
            directory, model, actions, tracker_db=directory / "tracker.db", env=env))
        return url, proc.pid
    import psycopg

    # Production's endpoints: trackers in a PostgreSQL database of their own per side (the
    # ShowUp side's instances share one), locks in Redis.
    tracker_db = "rasa_bench_stock" if stock else "rasa_bench_showup"
    if name in ("stock", "showup0"):
        with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {tracker_db}")
            conn.execute(f"CREATE DATABASE {tracker_db}")
    env |= {"ACTIONS_URL": f"{actions}/webhook", "RASA_DB_HOST": "127.0.0.1",
            "RASA_DB_PORT": "5432", "RASA_DB_NAME": tracker_db, "RASA_DB_USER": "postgres",
            "RASA_DB_PASSWORD": "", "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379",
            "REDIS_LOCK_DB": "5" if stock else "4"}
    url, proc = stack.enter_context(rasa_process.rasa_server(
        directory, model, endpoints=ROOT / "flows" / "endpoints.production.yml", env=env))
    return url, proc.pid


def main() -> None:
    model = Path(os.environ["MODEL_PATH"])
    work = Path(tempfile.mkdtemp(prefix="showup-bench-rush-"))
    url = fresh_database(work)
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
    with ExitStack() as stack:
        measure(stack, model, work, url, db, families)


def stop(processes: list[subprocess.Popen]) -> None:
    for proc in processes:
        proc.terminate()
        proc.wait(30)


def measure(stack: ExitStack, model: Path, work: Path, url: str, db: Database,
            families: list[tuple]) -> None:
    """Start everything (stopped when ``stack`` closes), then send at each rate, both sides."""
    actions = stack.enter_context(rasa_process.action_server(work, url))
    showup_rasa, rasa_pids = [], []
    for n in range(RASA_INSTANCES):
        rasa_url, pid = start_rasa(stack, work, f"showup{n}", model, actions, stock=False)
        showup_rasa.append(rasa_url)
        rasa_pids.append(pid)
    stock_url, stock_pid = start_rasa(stack, work, "stock", model, actions, stock=True)
    port = rasa_process.free_port()
    env = {**os.environ, "DATABASE_URL": url, "RASA_URLS": ",".join(showup_rasa),
           "ACTIONS_URL": actions,
           "TWILIO_AUTH_TOKEN": TWILIO_TOKEN, "SECRET_KEY": "k" * 64, "PORT": str(port),
           "SMS_TRANSPORT": "console", "TRANSLATION_ENABLED": "false",
           "FLOOD_PER_MINUTE": "1000"}
    web = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py",
         "webhook:create_app()"], cwd=ROOT, stdout=(work / "web.log").open("w"),
        stderr=subprocess.STDOUT, env=env)
    # The turns a busy web process leaves to the shared queue (bot.turn_queue).
    turns_env = {**env, "RASA_URLS": ",".join(reversed(showup_rasa))}
    turns = [subprocess.Popen([sys.executable, "-m", "bot.turn_worker"], cwd=ROOT, env=turns_env,
                              stdout=(work / f"turns{i}.log").open("w"),
                              stderr=subprocess.STDOUT) for i in range(TURN_WORKERS)]
    stack.callback(stop, [web, *turns])
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

    def stock(i: int) -> dict:
        guardian_id, _, language = families[i % FAMILIES]
        start = time.time()
        try:
            # The family's conversation continues, as it does through ShowUp.
            resp = requests.post(stock_url + "/webhooks/rest/webhook", timeout=NO_REPLY_AFTER,
                                 json={"sender": f"stock-{i % FAMILIES}",
                                       "message": TEXTS[language],
                                       "metadata": {"guardian_id": guardian_id,
                                                    "guardian_ids": [guardian_id],
                                                    "language": language}})
            answered = resp.ok and bool(resp.json())
        except (requests.RequestException, ValueError):
            answered = False
        return {"start": start, "end": time.time(), "answered": answered}

    summary = {}
    for rate in RATES:
        # Each phase starts on an idle machine: what a side left running (late turns, requests
        # whose client gave up) is finished first, and that time reported.
        for side, send in (("showup", showup), ("stock", stock)):
            results = open_loop(rate, send)
            if side == "showup":
                late_replies(db, results)
            summary[(rate, side)] = report(rate, side, results)
            if side == "showup":
                summary[(rate, side)] |= fallbacks(db, results)
            summary[(rate, side)]["drained_after_s"] = wait_idle([stock_pid, *rasa_pids])
            print(json.dumps(summary[(rate, side)]), flush=True)
        ours, theirs = summary[(rate, "showup")], summary[(rate, "stock")]
        print(json.dumps({"benchmark": "rush", "rate": rate, "ratio_replies_per_s":
                          round(ours["replies_per_s"] / theirs["replies_per_s"], 2)
                          if theirs["replies_per_s"] else None}), flush=True)


def fallbacks(db: Database, results: list[dict]) -> dict:
    """Of this phase's messages: how many got the "we got your message" fallback instead of the
    bot's answer (left unanswered: Rasa down or the turn's deadline passed), and how many
    conversations are with staff now."""
    sids = [r["sid"] for r in results]
    with db.session() as s:
        messages = s.scalars(select(Message).where(Message.provider_id.in_(sids))).all()
        conversations = {m.conversation_id for m in messages}
        handed = s.scalar(select(func.count(Conversation.id)).where(
            Conversation.id.in_(conversations), Conversation.state == "waiting"))
    return {"fallbacks": sum(1 for m in messages if m.status == UNANSWERED),
            "handed_to_staff": handed or 0}


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
            # Answered at all, by the time late_replies stopped waiting (60 s after the last).
            "answered_in_the_end": sum(1 for r in results if r["answered"] or "late_end" in r),
            "no_reply_within_15s": len(results) - len(times),
            "webhook_p95_ms": pct([r["end"] - r["start"] for r in results], .95)}


if __name__ == "__main__":
    main()
