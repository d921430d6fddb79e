"""The clock at district scale: nudges and invitations fanned out to 40,000 families.

    .venv/bin/python -m bench.outreach                      # SQLite file in a temp dir
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1/bench .venv/bin/python -m bench.outreach
    BENCH_FAMILIES=4000 …                                   # smaller, for a quick look

Prints one JSON line per measurement (targets from the outreach-clock issue):

- ``enqueue``: the nudges job at 06:45 and the invitations job for a district-wide event, each
  queueing one text per family (40,000), against a bare executemany of the same 40,000 rows.
  Target: under 30 s each.
- ``idle_scan``: the nudges job at a minute when nobody is due (it runs every minute), median of
  20 runs, beside a bare indexed query for the same minute. Target: under 1 s.
- ``send``: SEND_SAMPLE messages drained from the outbox to Prism serving Twilio's spec, unpaced,
  against the bare twilio client posting the same messages in the same run; then paced at
  OUTBOX_RATE_PER_SECOND-like rates, which the achieved rate should meet and not beat. Target:
  sending limited by the configured rate, not by ShowUp.
- ``duplicates``: after running both jobs again, and draining: rows per phone and kind, and
  provider SIDs, each exactly one. Target: zero.
Needs PRISM and TWILIO_OAI_SPEC (``make prism``) for ``send``.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path

from sqlalchemy import delete, func, insert, select

from bench.common import fresh_app
from bot.clients.twilio import TwilioClient
from bot.messages.languages import CODES
from bot.outbox.sender import drain
from bot.outbox.transports import TwilioTransport
from bot.outreach.invitations import queue_invitations
from bot.outreach.nudges import queue_nudges
from models import Event, Guardian, OutboxMessage, School, Student, StudentGuardian
from tests.prism_client import DynamicPrism

FAMILIES = int(os.environ.get("BENCH_FAMILIES", "40000"))
SEND_SAMPLE = int(os.environ.get("BENCH_SEND_SAMPLE", "300"))
BATCH = 5000
ROOT = Path(__file__).resolve().parent.parent
# Monday 2026-12-07 in Sacramento (UTC-8): 06:45 and 07:10.
AT_0645 = datetime(2026, 12, 7, 14, 45, 30, tzinfo=UTC)
AT_0710 = datetime(2026, 12, 7, 15, 10, 30, tzinfo=UTC)
ACCOUNT = "AC" + "0123456789abcdef" * 2
SERVICE = "MG" + "fedcba9876543210" * 2


def setup(db) -> None:
    with db.session() as s:
        s.execute(insert(School), [{"code": f"S{i:02d}", "name": f"School {i}", "aliases": [],
                                    "timezone": "America/Los_Angeles", "start_time": clock(8)}
                                   for i in range(40)])
        schools = list(s.scalars(select(School.id).order_by(School.id)))
        for start in range(0, FAMILIES, BATCH):
            ids = range(start, min(start + BATCH, FAMILIES))
            s.execute(insert(Guardian), [{
                "name": f"Parent {i}", "phone": f"+1916{i:07d}", "language": CODES[i % len(CODES)],
                "nudge_opt_in": True, "nudge_time": clock(6, 45), "opted_out": False,
                "phone_unreachable": False} for i in ids])
            s.execute(insert(Student), [{
                "sis_id": f"{100000 + i}", "first_name": f"Kid{i}", "last_name": "N",
                "grade": str(i % 13), "school_id": schools[i % len(schools)]} for i in ids])
        # Inserted in the same order: the n-th guardian is the n-th student's.
        pairs = list(zip(s.scalars(select(Student.id).order_by(Student.id)),
                         s.scalars(select(Guardian.id).order_by(Guardian.id)), strict=True))
        for i in range(0, len(pairs), BATCH):
            s.execute(insert(StudentGuardian), [
                {"student_id": st, "guardian_id": g, "relationship_label": "parent"}
                for st, g in pairs[i:i + BATCH]])
        s.add(Event(code="district-night", school_id=None, title="Family Night",
                    starts_at=AT_0645 + timedelta(days=7), invite_days_before=7))
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(StudentGuardian)) == FAMILIES


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def bare_rows(db, kind: str) -> list[dict]:
    with db.session() as s:
        return [{"idempotency_key": f"bare:{r.idempotency_key}", "to": r.to, "body": r.body,
                 "language": r.language, "kind": kind, "status": "queued", "urgent": False,
                 "priority": 0, "attempts": 0, "not_before": r.not_before, "segments":
                 r.segments, "channel": "sms", "created_at": r.created_at}
                for r in s.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind))]


def bare_insert(db, rows: list[dict]) -> float:
    def run():
        with db.session() as s:
            for i in range(0, len(rows), BATCH):
                s.execute(insert(OutboxMessage), rows[i:i + BATCH])
    seconds, _ = timed(run)
    with db.session() as s:
        s.execute(delete(OutboxMessage).where(OutboxMessage.idempotency_key.like("bare:%")))
    return seconds


def measure_enqueue(db) -> None:
    with db.session() as s:
        nudges_s, nudges = timed(lambda: queue_nudges(s, AT_0645, AT_0645 - timedelta(minutes=1)))
    with db.session() as s:
        invites_s, invites = timed(lambda: queue_invitations(s, AT_0645))
    for name, seconds, result in (("nudge", nudges_s, nudges), ("invitation", invites_s, invites)):
        base = bare_insert(db, bare_rows(db, name))
        print(json.dumps({"benchmark": "enqueue", "database": db.engine.dialect.name,
                          "job": name + "s", "families": FAMILIES, "queued": result.queued,
                          "seconds": round(seconds, 2), "bare_insert_s": round(base, 2),
                          "ratio": round(seconds / base, 2), "target_s": 30}), flush=True)


def measure_idle_scan(db) -> None:
    scans, bare = [], []
    for minute in range(20):
        now = AT_0710 + timedelta(minutes=minute)
        with db.session() as s:
            seconds, result = timed(lambda now=now: queue_nudges(s, now,
                                                                 now - timedelta(minutes=1)))
            assert result.queued == 0
            scans.append(seconds)
            bare.append(timed(lambda: s.execute(select(Guardian.id).where(
                Guardian.nudge_opt_in.is_(True),
                Guardian.nudge_time.between(clock(7, 9), clock(7, 10)))).all())[0])
    print(json.dumps({"benchmark": "idle_scan", "database": db.engine.dialect.name,
                      "families": FAMILIES, "median_s": round(statistics.median(scans), 4),
                      "bare_query_median_s": round(statistics.median(bare), 4),
                      "target_s": 1}), flush=True)


@contextmanager
def prism():
    binary = ROOT / os.environ.get("PRISM", "var/prism/node_modules/.bin/prism")
    spec = ROOT / os.environ.get("TWILIO_OAI_SPEC", "var/prism/node_modules/@twilio-alpha/mcp/"
                                 "twilio-oai/spec/json/twilio_api_v2010.json")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([str(binary), "mock", "-h", "127.0.0.1", "-p", str(port), "--errors",
                             str(spec)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("prism did not start")
            time.sleep(0.2)  # polling for readiness, bounded by the deadline
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)


def measure_send(db, url: str) -> None:
    client = TwilioClient(ACCOUNT, "token", messaging_service_sid=SERVICE, base_url=url,
                          http_client=DynamicPrism(timeout=10))  # distinct SIDs
    with db.session() as s:
        sample = [(r.to, r.body) for r in s.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "nudge").order_by(OutboxMessage.id).limit(SEND_SAMPLE))]
    bare_s, _ = timed(lambda: [client.send_message(to, body) for to, body in sample])
    transport = TwilioTransport(client)
    drain_s, counts = timed(lambda: drain(db, transport, now=AT_0645, limit=SEND_SAMPLE,
                                          rate_per_second=0))
    assert counts["sent"] == SEND_SAMPLE, counts
    paced = {}
    for rate in (5.0, 20.0):
        n = int(rate * 4)  # the pacer counts segments; these nudges are 2-4 each
        with db.session() as s:  # what this drain will take: the same order as the sender's
            segments = sum(s.scalars(select(OutboxMessage.segments).where(
                OutboxMessage.status == "queued").order_by(
                OutboxMessage.priority.desc(), OutboxMessage.id).limit(n)))
        seconds, counts = timed(lambda n=n, rate=rate: drain(
            db, transport, now=AT_0645, limit=n, rate_per_second=rate))
        assert counts["sent"] == n, counts
        paced[str(rate)] = round(segments / seconds, 2)
    print(json.dumps({"benchmark": "send", "database": db.engine.dialect.name,
                      "messages": SEND_SAMPLE, "bare_client_per_s": round(SEND_SAMPLE / bare_s, 1),
                      "drain_unpaced_per_s": round(SEND_SAMPLE / drain_s, 1),
                      "ratio": round(drain_s / bare_s, 2),
                      "configured_vs_achieved_segments_per_s": paced}),
          flush=True)


def measure_duplicates(db) -> None:
    with db.session() as s:
        again = queue_nudges(s, AT_0645 + timedelta(minutes=1), AT_0645 - timedelta(minutes=5))
        invites = queue_invitations(s, AT_0645 + timedelta(hours=1))
    with db.session() as s:
        groups = select(func.count().label("n")).select_from(OutboxMessage) \
            .group_by(OutboxMessage.to, OutboxMessage.kind).subquery()
        worst = s.scalar(select(func.max(groups.c.n)))
        sids = s.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.provider_sid.is_not(None)))
        distinct = s.scalar(select(func.count(func.distinct(OutboxMessage.provider_sid))))
    print(json.dumps({"benchmark": "duplicates", "database": db.engine.dialect.name,
                      "requeued_on_rerun": again.queued + invites.queued,
                      "most_rows_per_phone_and_kind": worst,
                      "sids": sids, "distinct_sids": distinct, "target": "1 row each, 0 "
                      "requeued"}), flush=True)


def main() -> None:
    app = fresh_app()
    db = app.extensions["db"]
    setup(db)
    measure_enqueue(db)
    measure_idle_scan(db)
    if os.environ.get("PRISM") or (ROOT / "var/prism/node_modules/.bin/prism").exists():
        with prism() as url:
            measure_send(db, url)
    measure_duplicates(db)


if __name__ == "__main__":
    main()
