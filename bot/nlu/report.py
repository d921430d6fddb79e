"""``make nlu-report``: evaluate the trained model through the same path as a live message, and
write docs/nlu-report.md.

Three test sets, none ever trained on (flows/tests/):
- ``nlu/``: the first held-out sets (about 50 messages per language). They were looked at while
  the training data and model settings were chosen, so they are not perfectly blind;
- ``nlu_blind/``: a second set per language, written later by people who never saw the training
  data, and never used to tune anything: the honest figure;
- ``reasons/``: plain short absence statements, at least three per reason per language, for the
  reason × language matrix.

Per language and set: intent accuracy, absence-reason accuracy (over the absence/tardy
examples: the annotated reason, or ``unspecified`` when none is annotated), language detection,
and how often translate-and-retry changed the answer.
Run: ``MODEL_PATH=var/rasa-models/showup-….tar.gz python -m bot.nlu.report --out FILE``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bot.clients.rasa import RasaClient
from bot.clients.translation import Translator
from bot.messages.languages import CODES
from bot.nlu import rasa_process
from bot.nlu.data import Example, load_examples
from bot.nlu.labels import ABSENCE_REASONS
from bot.nlu.language_detect import detect
from bot.nlu.understand import Understanding, understand
from config import ROOT

TESTS = ROOT / "flows" / "tests"
SETS = {"held-out": TESTS / "nlu", "blind": TESTS / "nlu_blind"}
MATRIX = TESTS / "reasons"
TARGET_INTENT, TARGET_REASON = 0.90, 0.85
ABSENCE_INTENTS = ("report_absence", "report_tardy")


@dataclass
class Outcome:
    """What the live path made of one test example."""

    example: Example
    got: Understanding
    language: str

    @property
    def expected_reason(self) -> str | None:
        if self.example.intent not in ABSENCE_INTENTS:
            return None
        return next((v for n, v, *_ in self.example.entities if n == "absence_reason"),
                    "unspecified")


def run_set(rasa: RasaClient, directory: Path, translator: Translator | None
            ) -> dict[str, list[Outcome]]:
    """{language: outcomes} for every language file in ``directory``."""
    found = {}
    for code in CODES:
        path = directory / f"{code}.yml"
        if path.exists():
            found[code] = [Outcome(ex, understand(ex.text, rasa, code, translator), code)
                           for ex in load_examples(path)]
    return found


def scores(outcomes: list[Outcome]) -> dict:
    reasons = [o for o in outcomes if o.expected_reason is not None]
    n = len(outcomes) or 1
    return {
        "examples": len(outcomes),
        "intent": sum(o.got.intent == o.example.intent for o in outcomes) / n,
        "reason": (sum(o.got.absence_reason == o.expected_reason for o in reasons) / len(reasons)
                   if reasons else 1.0),
        "language": sum(detect(o.example.text).code == o.language for o in outcomes) / n,
        "translated": sum(o.got.translated for o in outcomes),
    }


def _mark(row: dict) -> str:
    return "" if row["intent"] >= TARGET_INTENT and row["reason"] >= TARGET_REASON else " ⚠"


def side_by_side(rows: dict[str, dict[str, dict]]) -> str:
    """One line per language, the sets' figures side by side ("old / new")."""
    names = list(rows)
    header = " / ".join(names)
    lines = [f"| language | examples ({header}) | intent ({header}) | reason ({header}) "
             f"| language detection ({header}) | changed by translation |",
             "|---|---|---|---|---|---|"]
    for code in CODES:
        per = [rows[name].get(code) for name in names]
        if not all(per):
            continue
        mark = "".join(sorted({_mark(r) for r in per}))

        def both(key: str, fmt: str = "{:.2f}", per=per) -> str:
            return " / ".join(fmt.format(r[key]) for r in per)

        lines.append(f"| {code}{mark} | {both('examples', '{}')} | {both('intent')} "
                     f"| {both('reason')} | {both('language')} "
                     f"| {sum(r['translated'] for r in per)} |")
    return "\n".join(lines)


def reason_matrix(outcomes: dict[str, list[Outcome]]) -> dict[str, dict[str, tuple[int, int]]]:
    """{reason: {language: (right, total)}} over the absence/tardy examples."""
    matrix: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for code, items in outcomes.items():
        for o in items:
            if o.expected_reason is None:
                continue
            cell = matrix[o.expected_reason][code]
            cell[0] += o.got.absence_reason == o.expected_reason
            cell[1] += 1
    return {reason: {code: tuple(cell) for code, cell in by_code.items()}
            for reason, by_code in matrix.items()}


def matrix_table(matrix: dict[str, dict[str, tuple[int, int]]]) -> str:
    codes = [c for c in CODES if any(c in row for row in matrix.values())]
    lines = ["| reason | " + " | ".join(codes) + " | all |", "|---|" + "---|" * (len(codes) + 1)]
    for reason in (*ABSENCE_REASONS,):
        row = matrix.get(reason)
        if not row:
            continue
        cells = [f"{row[c][0]}/{row[c][1]}" if c in row else "" for c in codes]
        right, total = sum(v[0] for v in row.values()), sum(v[1] for v in row.values())
        lines.append(f"| {reason} | " + " | ".join(cells) + f" | {right / total:.2f} |")
    totals = []
    for c in codes:
        right = sum(row[c][0] for row in matrix.values() if c in row)
        total = sum(row[c][1] for row in matrix.values() if c in row)
        totals.append(f"{right / total:.2f}" if total else "")
    lines.append("| **all reasons** | " + " | ".join(totals) + " | |")
    return "\n".join(lines)


def misses(outcomes: dict[str, list[Outcome]]) -> list[str]:
    """The matrix's wrong reasons, one line each (language, expected → read, text)."""
    return [f"- {code}: {o.expected_reason} → {o.got.absence_reason or o.got.intent}: "
            f"{o.example.text}"
            for code, items in outcomes.items() for o in items
            if o.expected_reason is not None and o.got.absence_reason != o.expected_reason]


def report(rasa: RasaClient, translator: Translator | None, model_name: str) -> str:
    rows = {name: {code: scores(items) for code, items in run_set(rasa, path, translator).items()}
            for name, path in SETS.items()}
    matrix_outcomes = run_set(rasa, MATRIX, translator)
    wrong = misses(matrix_outcomes)
    return "\n".join([
        "# NLU report", "", f"Model: `{model_name}`", "",
        "## Intent, reason and language by test set", "",
        "Figures are *held-out / blind*: the held-out sets (`flows/tests/nlu/`) were seen while "
        "the training data and settings were chosen; the blind sets (`flows/tests/nlu_blind/`) "
        "were written later by people who never saw the training data and were never tuned on. "
        f"⚠ marks intent below {TARGET_INTENT:.2f} or reason below {TARGET_REASON:.2f}.", "",
        side_by_side(rows), "",
        "## Reason × language on plain statements", "",
        "Plain short absence and late-arrival statements (`flows/tests/reasons/`), at least three "
        "per reason per language; a cell is right/total.", "",
        matrix_table(reason_matrix(matrix_outcomes)), "",
        f"### Misread reasons in the matrix ({len(wrong)})", "", *wrong, "",
    ])


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
        text = report(RasaClient(url, timeout=30), translator, model.name)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
