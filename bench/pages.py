"""Staff pages at district scale: 5,000 families, 100,000 messages and a school year of
attendance (with weekly tier snapshots), against a trivial page of the same app in the same run.

    .venv/bin/python -m bench.pages                       # SQLite file in a temp dir
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1/bench .venv/bin/python -m bench.pages
    BENCH_FAMILIES=1000 BENCH_REQUESTS=10 …               # smaller, for a quick look

Prints one JSON line per page: median and p95 in milliseconds over BENCH_REQUESTS requests, as a
district staff member (every school: the heaviest scope) and as a school clerk, each request
alternated with the trivial page (the sign-in form). Target (staff-workspace issue): p95 under
200 ms for the dashboard, inbox, a conversation and the absences list.
"""

from __future__ import annotations

import gc
import json
import os
import random
import statistics
import time
from datetime import date, timedelta

from sqlalchemy import insert, select, text
from werkzeug.security import generate_password_hash

from bench.common import fresh_app
from bot.messages.languages import CODES
from bot.nlu.warm import warm_up
from bot.tiers import compute_tiers
from models import (
    AbsenceReport,
    AttendanceDay,
    Conversation,
    Guardian,
    Message,
    School,
    StaffUser,
    Student,
    StudentGuardian,
)
from models.base import utcnow
from tests.factories import PASSWORD, login

FAMILIES = int(os.environ.get("BENCH_FAMILIES", "5000"))
MESSAGES = int(os.environ.get("BENCH_MESSAGES", "100000"))
DAYS = int(os.environ.get("BENCH_DAYS", "170"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))
SCHOOLS = 10
BATCH = 5000


def school_days(count: int) -> list[date]:
    days, day = [], date.today() - timedelta(days=int(count * 7 / 5) + 1)
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def setup(app) -> dict:
    db, rng = app.extensions["db"], random.Random(2026)
    days = school_days(DAYS)
    with db.session() as s:
        s.execute(insert(School), [{"code": f"S{i:02d}", "name": f"School {i}", "aliases": [],
                                    "timezone": "America/Los_Angeles"} for i in range(SCHOOLS)])
        schools = list(s.scalars(select(School.id).order_by(School.id)))
        s.execute(insert(Guardian), [{
            "name": f"Parent {i}", "phone": f"+1916{i:07d}", "language": CODES[i % len(CODES)],
            "opted_out": False, "phone_unreachable": i % 50 == 0} for i in range(FAMILIES)])
        s.execute(insert(Student), [{
            "sis_id": f"{100000 + i}", "first_name": f"Kid{i}", "last_name": "N",
            "grade": str(i % 13), "school_id": schools[i % SCHOOLS]} for i in range(FAMILIES)])
        students = list(s.scalars(select(Student.id).order_by(Student.id)))
        guardians = list(s.scalars(select(Guardian.id).order_by(Guardian.id)))
        s.execute(insert(StudentGuardian), [{"student_id": st, "guardian_id": g,
                                             "relationship_label": "parent"}
                                            for st, g in zip(students, guardians, strict=True)])
        rows = []
        for day in days:
            for student in students:
                absent = rng.random() < 0.08
                rows.append({"student_id": student, "day": day,
                             "status": "absent" if absent else "present", "excused": False})
            if len(rows) >= 100_000:
                s.execute(insert(AttendanceDay), rows)
                rows = []
        if rows:
            s.execute(insert(AttendanceDay), rows)
        s.execute(insert(AbsenceReport), [{
            "student_id": students[i % FAMILIES], "guardian_id": guardians[i % FAMILIES],
            "day": days[-1 - (i // FAMILIES)], "kind": "absence", "reason": "illness",
            "created_at": utcnow()} for i in range(min(20_000, FAMILIES * len(days)))])
        # One conversation per family; 100,000 messages among them, a tenth waiting for staff.
        now = utcnow()
        s.execute(insert(Conversation), [{
            "phone": f"+1916{i:07d}", "channel": "sms", "guardian_id": guardians[i],
            "school_id": schools[i % SCHOOLS], "state": "waiting" if i % 10 == 0 else "bot",
            "priority": 0, "handoff_reason": "asked_for_person" if i % 10 == 0 else None,
            "created_at": now, "updated_at": now - timedelta(minutes=i)}
            for i in range(FAMILIES)])
        convs = list(s.scalars(select(Conversation.id).order_by(Conversation.id)))
        for start in range(0, MESSAGES, BATCH):
            s.execute(insert(Message), [{
                "conversation_id": convs[i % FAMILIES], "direction": "in" if i % 2 else "out",
                "channel": "sms", "body": f"message {i}", "language": "es",
                "translation_en": f"message {i}", "media": [], "status": "received",
                "created_at": now - timedelta(minutes=MESSAGES - i)}
                for i in range(start, min(start + BATCH, MESSAGES))])
        s.add_all([
            StaffUser(email="district@bench.org", name="District", role="district",
                      password_hash=generate_password_hash(PASSWORD)),
            StaffUser(email="clerk@bench.org", name="Clerk", role="school",
                      password_hash=generate_password_hash(PASSWORD),
                      schools=[s.get(School, schools[0])])])
    for as_of in days[-1::-5][:8][::-1]:  # weekly snapshots for the trend
        with db.session() as s:
            compute_tiers(s, as_of)
    if db.engine.dialect.name == "postgresql":
        # A district's database has planner statistics; a bulk load leaves none until
        # autovacuum gets to it, and the plans without them are not what staff would see.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    return {"conversation": convs[0]}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(client, path: str) -> dict:
    page, trivial = [], []
    for _ in range(REQUESTS):
        for bucket, url in ((trivial, "/admin/login"), (page, path)):
            start = time.perf_counter()
            response = client.get(url)
            bucket.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    return {"median_ms": round(statistics.median(page), 1),
            "p95_ms": round(percentile(page, .95), 1),
            "trivial_median_ms": round(statistics.median(trivial), 1),
            "trivial_p95_ms": round(percentile(trivial, .95), 1)}


def main() -> None:
    app = fresh_app()
    ids = setup(app)
    # As in the web process (gunicorn.conf.py): the language tools loaded, and everything
    # loaded before serving frozen for the garbage collector.
    warm_up()
    gc.collect()
    gc.freeze()
    database = app.extensions["db"].engine.dialect.name
    pages = {"dashboard": "/admin/dashboard", "inbox": "/admin/",
             "conversation": f"/admin/c/{ids['conversation']}",
             "absences": "/admin/absences?entered=all"}
    for who in ("district@bench.org", "clerk@bench.org"):
        client = app.test_client()
        assert login(client, who).status_code == 302
        for name, path in pages.items():
            result = measure(client, path)
            print(json.dumps({"benchmark": "page", "database": database, "page": name,
                              "staff": who.split("@")[0], "families": FAMILIES,
                              "messages": MESSAGES, "requests": REQUESTS, **result,
                              "target_p95_ms": 200}), flush=True)


if __name__ == "__main__":
    main()
