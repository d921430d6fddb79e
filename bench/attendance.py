"""Attendance at district scale: 50,000 students × 180 school days (9 million rows) imported and
tiered, against a bare bulk insert of the same rows in the same run; then one day's import plus
tiers. Targets (issue: district setup): the year's import within 3× the bare insert; a day's
50,000 rows plus tiers under 60 s.

    .venv/bin/python -m bench.attendance                   # SQLite file in a temp dir
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1/test .venv/bin/python -m bench.attendance
    BENCH_STUDENTS=5000 BENCH_ROUNDS=1 …                   # smaller, for a quick look

Prints one JSON line per measurement. Each round starts from an empty attendance table; the
baseline inserts the already-parsed rows with a plain executemany (no CSV, no checks, no
conflict handling, no tiers).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import delete, insert, text

from bench.common import fresh_app
from bot.imports.attendance import import_attendance
from bot.tiers import compute_tiers
from models import AttendanceDay, School, Student, TierSnapshot

STUDENTS = int(os.environ.get("BENCH_STUDENTS", "50000"))
DAYS = int(os.environ.get("BENCH_DAYS", "180"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
BATCH = 10000


def school_days(count: int) -> list[date]:
    days, day = [], date(2025, 8, 25)
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def setup(db) -> tuple[list[int], list[str]]:
    with db.session() as s:
        s.execute(insert(School), [{"code": f"S{i:03d}", "name": f"School {i}", "aliases": [],
                                    "timezone": "America/Los_Angeles"} for i in range(50)])
        schools = [row[0] for row in s.execute(text("SELECT id FROM schools ORDER BY id"))]
        rows = [{"sis_id": f"{100000 + i}", "first_name": "Kid", "last_name": f"N{i}",
                 "grade": str(i % 13), "school_id": schools[i % len(schools)]}
                for i in range(STUDENTS)]
        for i in range(0, len(rows), BATCH):
            s.execute(insert(Student), rows[i:i + BATCH])
        ids = [row[0] for row in s.execute(text("SELECT id FROM students ORDER BY sis_id"))]
    return ids, [r["sis_id"] for r in rows]


def write_csv(path: Path, sis_ids: list[str], days: list[date], rng: random.Random) -> None:
    statuses = ["P"] * 90 + ["A"] * 7 + ["T"] * 3
    with path.open("w", encoding="utf-8") as fh:
        fh.write("student_id,date,status,excused\n")
        for day in days:
            iso = day.isoformat()
            for sis in sis_ids:
                status = rng.choice(statuses)
                excused = "Y" if status == "A" and rng.random() < .5 else ""
                fh.write(f"{sis},{iso},{status},{excused}\n")


def parsed_rows(ids: list[int], path: Path) -> list[dict]:
    by_sis = {str(100000 + i): student for i, student in enumerate(ids)}
    out = []
    with path.open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            sis, day, status, excused = line.rstrip("\n").split(",")
            out.append({"student_id": by_sis[sis], "day": date.fromisoformat(day),
                        "status": {"P": "present", "A": "absent", "T": "tardy"}[status],
                        "excused": excused == "Y"})
    return out


def clear(db) -> None:
    with db.session() as s:
        s.execute(delete(TierSnapshot))
        s.execute(delete(AttendanceDay))


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    app = fresh_app()
    db = app.extensions["db"]
    rng = random.Random(2026)
    ids, sis_ids = setup(db)
    days = school_days(DAYS)
    tmp = Path(tempfile.mkdtemp(prefix="showup-bench-att-"))
    year, last_day = tmp / "year.csv", tmp / "day.csv"
    write_csv(year, sis_ids, days[:-1], rng)
    write_csv(last_day, sis_ids, days[-1:], rng)
    rows = parsed_rows(ids, year)
    as_of = days[-1]

    table = AttendanceDay.__table__

    def bare() -> None:
        # The fastest plain insert: Core executemany on the table (the ORM's bulk path is
        # slower, and would flatter the ratio).
        with db.session() as s:
            for i in range(0, len(rows), BATCH):
                s.execute(insert(table), rows[i:i + BATCH])

    tiers_alone: list[float] = []

    def full() -> None:
        with db.session() as s:
            report = import_attendance(s, year)
            assert not report.rejected and report.created == len(rows), report.summary()
            tiers_alone.append(timed(lambda: compute_tiers(s, as_of)))

    times: dict[str, list[float]] = {"bare_insert": [], "import_and_tiers": []}
    for _ in range(ROUNDS):
        clear(db)
        times["bare_insert"].append(timed(bare))
        clear(db)
        times["import_and_tiers"].append(timed(full))
    med = {k: statistics.median(v) for k, v in times.items()}
    backend = db.engine.dialect.name
    print(json.dumps({"benchmark": "attendance_year", "database": backend, "rows": len(rows),
                      "students": STUDENTS, "days": DAYS - 1, "rounds": ROUNDS,
                      "bare_insert_s": round(med["bare_insert"], 1),
                      "import_and_tiers_s": round(med["import_and_tiers"], 1),
                      "tiers_alone_s": round(statistics.median(tiers_alone), 1),
                      "import_rows_per_s": round(len(rows) / med["import_and_tiers"]),
                      "ratio": round(med["import_and_tiers"] / med["bare_insert"], 2),
                      "target_ratio": 3.0}))

    def one_day() -> float:
        with db.session() as s:
            return timed(lambda: (import_attendance(s, last_day), compute_tiers(s, as_of)))

    # The year is in place (from the last round): a day's import on top of it, twice (the second
    # one finds every row unchanged), as a district runs it every afternoon.
    day_times = [one_day(), one_day()]
    print(json.dumps({"benchmark": "attendance_day", "database": backend,
                      "rows": len(sis_ids), "on_top_of_rows": len(rows),
                      "import_and_tiers_s": [round(t, 1) for t in day_times],
                      "target_s": 60}))


if __name__ == "__main__":
    main()
