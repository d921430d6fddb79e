"""What one family message costs Rasa, with ShowUp's compiled action-result validator and with
Rasa's stock check, side by side in one run: two Rasa servers on the same model and the same
action server, the same conversations alternated between them, through ShowUp's real pipeline.

    MODEL_PATH=var/rasa-models/showup-….tar.gz .venv/bin/python -m bench.rasa_turn
    BENCH_FAMILIES=10 …                                       # fewer, for a quick look
    BENCH_FAMILIES=10 BENCH_ROUNDS=10 …                       # 100 messages a conversation

Prints one JSON line: Rasa's CPU seconds per message (from /proc, so the other processes on a
noisy machine do not count) and the pipeline's median latency, for each server, and the ratios.
Also what a conversation's messages cost ten by ten (the tracker grows as it goes): each
family sends the ten texts BENCH_ROUNDS times (default once).
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from bench.common import fresh_app
from bot.clients.rasa import RasaClient
from bot.inbound import Inbound, Pipeline
from bot.nlu import rasa_process
from tests.factories import make_family, make_school

FAMILIES = int(os.environ.get("BENCH_FAMILIES", "30"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "1"))
TEXTS = ("Sofia está enferma hoy, tiene fiebre", "gracias", "¿a qué hora empieza la escuela?",
         "necesitamos comida", "Sofia va a llegar tarde, tiene cita con el doctor", "gracias",
         "mañana tampoco va, sigue enferma", "ok", "¿hay desayuno en la escuela?", "gracias")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    model = Path(os.environ["MODEL_PATH"])
    app = fresh_app()
    db = app.extensions["db"]
    url = db.engine.url.render_as_string(hide_password=False)
    phones = {"compiled": [], "stock": []}
    with db.session() as s:
        school = make_school(s)
        for i in range(FAMILIES):
            for side in phones:
                phone = f"+1916{(2 * i + (side == 'stock')):07d}"
                make_family(s, school=school, phone=phone, language="es", children=("Sofia",))
                phones[side].append(phone)
    work = Path(tempfile.mkdtemp(prefix="showup-bench-rasa-"))
    with ExitStack() as stack:
        actions = stack.enter_context(rasa_process.action_server(work, url))
        servers = {}
        for side in ("compiled", "stock"):
            os.environ["SHOWUP_STOCK_VALIDATION"] = "1" if side == "stock" else "0"
            side_dir = work / side
            side_dir.mkdir()
            servers[side] = stack.enter_context(rasa_process.rasa_server(
                side_dir, model, actions, tracker_db=side_dir / "tracker.db"))
        # No flood throttle: a family here sends faster than any parent types (12 a minute).
        pipelines = {side: Pipeline(db, RasaClient(server_url, timeout=60), flood_per_minute=0)
                     for side, (server_url, _) in servers.items()}
        cpu = {side: 0.0 for side in servers}
        latency = {side: [] for side in servers}
        script = TEXTS * ROUNDS
        by_position = {side: {p: [] for p in range(len(script))} for side in servers}
        sid = 0
        for i in range(FAMILIES):
            for position, text in enumerate(script):
                for side in (("compiled", "stock") if (i + position) % 2 else
                             ("stock", "compiled")):
                    pid = servers[side][1].pid
                    before, start = cpu_seconds(pid), time.perf_counter()
                    sid += 1
                    pipelines[side].handle(Inbound("sms", phones[side][i], text,
                                                   provider_id=f"SMbench{sid:08d}"))
                    took, used = time.perf_counter() - start, cpu_seconds(pid) - before
                    cpu[side] += used
                    latency[side].append(took)
                    by_position[side][position].append(used)
    messages = FAMILIES * len(script)
    result = {"benchmark": "rasa_turn", "families": FAMILIES, "messages_each": messages}
    for side in servers:
        result[f"{side}_rasa_cpu_ms_per_message"] = round(1000 * cpu[side] / messages, 1)
        result[f"{side}_median_latency_ms"] = round(1000 * statistics.median(latency[side]), 1)
        # Per ten messages (CPU from /proc counts in 10 ms ticks: one message alone is coarse).
        result[f"{side}_rasa_cpu_ms_by_ten_messages"] = {
            f"{start + 1}-{start + 10}": round(1000 * statistics.mean(
                [c for p in range(start, start + 10) for c in by_position[side][p]]), 1)
            for start in range(0, len(script), len(TEXTS))}
    result["cpu_ratio_compiled_vs_stock"] = round(
        cpu["compiled"] / cpu["stock"], 2) if cpu["stock"] else None
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
