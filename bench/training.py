"""Training cost: ``rasa train nlu`` with flows/config.yml (ShowUpClassifier) against the DIET
pipeline ShowUp used before (bench/diet-config.yml), on the same pre-processed training data,
run one after the other ROUNDS times, interleaved. Prints the seconds of each run and the ratio of
medians (DIET / ShowUp). Needs the venvs (``make venvs``); takes about 8 minutes per round on 2
cores, almost all of it DIET.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "1"))


def train(config: Path, data: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [str(RASA), "train", "nlu", "--config", str(config), "--nlu", str(data / "nlu"),
         "--out", str(out), "--fixed-model-name", config.stem],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT / "flows"), "RASA_TELEMETRY_ENABLED": "false"})
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        subprocess.run([sys.executable, "-m", "bot.nlu.preprocess", str(ROOT / "flows" / "data"),
                        str(data)], check=True, cwd=ROOT)
        runs = {"showup": [], "diet": []}
        configs = {"showup": ROOT / "flows" / "config.yml",
                   "diet": ROOT / "bench" / "diet-config.yml"}
        for _ in range(ROUNDS):
            for name, config in configs.items():
                runs[name].append(train(config, data, Path(tmp) / "models"))
                print(f"{name}: {runs[name][-1]:.0f} s", flush=True)
    ratio = statistics.median(runs["diet"]) / statistics.median(runs["showup"])
    print(f"rasa train nlu, median of {ROUNDS}: ShowUpClassifier "
          f"{statistics.median(runs['showup']):.0f} s, DIET {statistics.median(runs['diet']):.0f} s"
          f" — DIET takes {ratio:.1f}x as long")


if __name__ == "__main__":
    main()
