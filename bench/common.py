"""Side-by-side timing: run a measured and a baseline callable in alternation, return medians."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from config import TestConfig
from models.migrate import upgrade
from webhook import create_app


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of ``pid`` and every process under it, from /proc: the action
    server does its work in a process it spawns, and other processes on a noisy machine do not
    count."""
    def own(p: int) -> tuple[float, int]:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), int(fields[1])

    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents.setdefault(own(int(entry.name))[1], []).append(int(entry.name))
            except (FileNotFoundError, ProcessLookupError):
                continue  # ended meanwhile
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            total += own(current)[0]
        except FileNotFoundError:
            continue
        todo.extend(parents.get(current, []))
    return total


def fresh_app():
    url = os.environ.get("BENCH_DATABASE_URL") or \
        f"sqlite:///{tempfile.mkdtemp(prefix='showup-bench-')}/bench.db"
    upgrade(url)
    return create_app(TestConfig, DATABASE_URL=url)


def side_by_side(measured: Callable[[int], None], baseline: Callable[[int], None],
                 rounds: int = 7) -> dict:
    """Alternate the two ``rounds`` times (each call gets its round number); medians and ratio."""
    times: dict[str, list[float]] = {"measured": [], "baseline": []}
    for i in range(rounds):
        for name, fn in (("baseline", baseline), ("measured", measured)):
            start = time.perf_counter()
            fn(i)
            times[name].append(time.perf_counter() - start)
    med = {name: statistics.median(values) for name, values in times.items()}
    return {**{f"{k}_median_s": round(v, 4) for k, v in med.items()},
            "ratio": round(med["measured"] / med["baseline"], 2)}
