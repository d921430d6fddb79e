"""``make nlu-report``: evaluate the trained model on the held-out test sets (flows/tests/nlu,
never trained on) through the same path as a live message, and write a per-language table:
intent accuracy, absence-reason accuracy, language-detection accuracy, and how often the
translate-and-retry step changed the answer.

Reason accuracy is over the absence/tardy examples whose intent is one of those two: the
expected reason is the annotated one, or ``unspecified`` when none is annotated.
Run: ``MODEL_PATH=var/rasa-models/showup-….tar.gz python -m bot.nlu.report --out FILE``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from bot.clients.rasa import RasaClient
from bot.clients.translation import Translator
from bot.messages.languages import CODES
from bot.nlu import rasa_process
from bot.nlu.data import load_examples
from bot.nlu.language_detect import detect
from bot.nlu.understand import understand
from config import ROOT

TESTS = ROOT / "flows" / "tests" / "nlu"
TARGET_INTENT, TARGET_REASON = 0.90, 0.85


def evaluate(rasa: RasaClient, translator: Translator | None) -> dict[str, dict]:
    rows: dict[str, dict] = {}
    for code in CODES:
        counts = defaultdict(int)
        for ex in load_examples(TESTS / f"{code}.yml"):
            got = understand(ex.text, rasa, code, translator)
            counts["n"] += 1
            counts["intent_ok"] += got.intent == ex.intent
            counts["lang_ok"] += detect(ex.text).code == code
            counts["translated"] += got.translated
            if ex.intent in ("report_absence", "report_tardy"):
                expected = next((v for n, v, *_ in ex.entities if n == "absence_reason"),
                                "unspecified")
                counts["reason_n"] += 1
                counts["reason_ok"] += got.absence_reason == expected
        rows[code] = {
            "examples": counts["n"],
            "intent": counts["intent_ok"] / counts["n"],
            "reason": counts["reason_ok"] / counts["reason_n"] if counts["reason_n"] else 1.0,
            "language": counts["lang_ok"] / counts["n"],
            "translated": counts["translated"],
        }
    return rows


def table(rows: dict[str, dict]) -> str:
    lines = ["| language | examples | intent | reason | language detection "
             "| changed by translation |", "|---|---|---|---|---|---|"]
    for code, r in rows.items():
        mark = "" if r["intent"] >= TARGET_INTENT and r["reason"] >= TARGET_REASON else " ⚠"
        lines.append(f"| {code}{mark} | {r['examples']} | {r['intent']:.2f} | {r['reason']:.2f} "
                     f"| {r['language']:.2f} | {r['translated']} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, help="write the markdown table here too")
    parser.add_argument("--translate", action="store_true",
                        help="try the English translation when unsure (needs the internet)")
    args = parser.parse_args()
    model = Path(os.environ.get("MODEL_PATH", ""))
    if not model.is_file():
        print("MODEL_PATH must name a trained model (make nlu-report sets it)", file=sys.stderr)
        return 2
    translator = Translator(timeout=5) if args.translate else None
    with tempfile.TemporaryDirectory() as tmp, \
            rasa_process.rasa_server(Path(tmp), model) as (url, _):
        rows = evaluate(RasaClient(url, timeout=30), translator)
    text = table(rows)
    print(text)
    if args.out:
        args.out.write_text(f"# NLU report (held-out test sets)\n\nModel: `{model.name}`\n\n"
                            f"{text}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
