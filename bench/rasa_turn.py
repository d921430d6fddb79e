"""What one family message costs Rasa as ShowUp runs it (flows/showup_components: a compiled
action-result validator, bounded sessions) and as stock Rasa 3.6, side by side in one run: two
Rasa servers on the same model, each with its own action server, the same conversations
alternated between them, through ShowUp's real pipeline.

    MODEL_PATH=var/rasa-models/showup-….tar.gz .venv/bin/python -m bench.rasa_turn
    BENCH_FAMILIES=10 …                                       # fewer, for a quick look
    BENCH_FAMILIES=10 BENCH_ROUNDS=10 …                       # 100 messages a conversation

Prints one JSON line: Rasa's and the action server's CPU per message (from /proc, so the other
processes on a noisy machine do not count) and the pipeline's median latency, for each side,
and the ratio.
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

from bench.common import cpu_seconds, fresh_app
from bot.clients.rasa import RasaClient
from bot.inbound import Inbound, Pipeline
from bot.nlu import rasa_process
from tests.factories import make_family, make_school

FAMILIES = int(os.environ.get("BENCH_FAMILIES", "30"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "1"))
TEXTS = ("Sofia está enferma hoy, tiene fiebre", "gracias", "¿a qué hora empieza la escuela?",
         "necesitamos comida", "Sofia va a llegar tarde, tiene cita con el doctor", "gracias",
         "mañana tampoco va, sigue enferma", "ok", "¿hay desayuno en la escuela?", "gracias")


SIDES = ("showup", "stock")


def main() -> None:
    model = Path(os.environ["MODEL_PATH"])
    app = fresh_app()
    db = app.extensions["db"]
    url = db.engine.url.render_as_string(hide_password=False)
    phones = {side: [] for side in SIDES}
    with db.session() as s:
        school = make_school(s)
        for i in range(FAMILIES):
            for side in SIDES:
                phone = f"+1916{(2 * i + (side == 'stock')):07d}"
                make_family(s, school=school, phone=phone, language="es", children=("Sofia",))
                phones[side].append(phone)
    work = Path(tempfile.mkdtemp(prefix="showup-bench-rasa-"))
    with ExitStack() as stack:
        servers, actions = {}, {}
        for side in SIDES:
            # SHOWUP_STOCK_RASA=1: Rasa 3.6 as shipped, none of flows/showup_components' changes
            # (the compiled validator, bounded sessions); the same model either way. Each side
            # has its own action server, so that its CPU is counted apart too.
            side_dir = work / side
            side_dir.mkdir()
            actions_url, actions[side] = stack.enter_context(
                rasa_process.action_server_process(side_dir, url))
            servers[side] = stack.enter_context(rasa_process.rasa_server(
                side_dir, model, actions_url, tracker_db=side_dir / "tracker.db",
                env={"SHOWUP_STOCK_RASA": "1" if side == "stock" else "0"}))
        # No flood throttle: a family here sends faster than any parent types (12 a minute).
        pipelines = {side: Pipeline(db, RasaClient(server_url, timeout=60), flood_per_minute=0)
                     for side, (server_url, _) in servers.items()}
        cpu = {side: 0.0 for side in SIDES}
        action_cpu = {side: 0.0 for side in SIDES}
        latency = {side: [] for side in SIDES}
        script = TEXTS * ROUNDS
        by_position = {side: {p: [] for p in range(len(script))} for side in SIDES}
        sid = 0
        for i in range(FAMILIES):
            for position, text in enumerate(script):
                for side in (SIDES if (i + position) % 2 else tuple(reversed(SIDES))):
                    pid, action_pid = servers[side][1].pid, actions[side].pid
                    before, start = cpu_seconds(pid), time.perf_counter()
                    action_before = cpu_seconds(action_pid)
                    sid += 1
                    pipelines[side].handle(Inbound("sms", phones[side][i], text,
                                                   provider_id=f"SMbench{sid:08d}"))
                    took, used = time.perf_counter() - start, cpu_seconds(pid) - before
                    cpu[side] += used
                    action_cpu[side] += cpu_seconds(action_pid) - action_before
                    latency[side].append(took)
                    by_position[side][position].append(used)
    messages = FAMILIES * len(script)
    result = {"benchmark": "rasa_turn", "families": FAMILIES, "messages_each": messages}
    for side in SIDES:
        result[f"{side}_rasa_cpu_ms_per_message"] = round(1000 * cpu[side] / messages, 1)
        result[f"{side}_actions_cpu_ms_per_message"] = round(
            1000 * action_cpu[side] / messages, 1)
        result[f"{side}_median_latency_ms"] = round(1000 * statistics.median(latency[side]), 1)
        # Per ten messages (CPU from /proc counts in 10 ms ticks: one message alone is coarse).
        tens = {f"{start + 1}-{start + 10}": round(1000 * statistics.mean(
            [c for p in range(start, start + 10) for c in by_position[side][p]]), 1)
            for start in range(0, len(script), len(TEXTS))}
        result[f"{side}_rasa_cpu_ms_by_ten_messages"] = tens
        values = list(tens.values())
        result[f"{side}_last_ten_vs_first_ten"] = round(values[-1] / values[0], 2)
    result["rasa_cpu_ratio_showup_vs_stock"] = round(
        cpu["showup"] / cpu["stock"], 2) if cpu["stock"] else None
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
