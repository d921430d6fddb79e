"""Read and check the NLU training and test files in ``flows/``.

Contract: ``load_examples(path)`` returns one :class:`Example` per example line with its intent,
plain text (annotations removed) and entities ``[(entity, value, start, end)]``.
``check_file(path)`` returns a list of human-readable problems (empty when the file is valid).
Run ``python -m bot.nlu.data flows/data/nlu/es.yml ...`` to check files and print counts.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.nlu.labels import ENTITY_LABELS, INTENTS

ENTITY_VALUES = ENTITY_LABELS
# [text]{"entity": "...", "value": "..."}  or  [text](entity)
ANNOTATION = re.compile(r"\[(?P<text>[^\]]+)\](?:\{(?P<json>[^}]*)\}|\((?P<name>[^)]+)\))")


@dataclass
class Example:
    intent: str
    text: str
    entities: list[tuple[str, str, int, int]] = field(default_factory=list)
    raw: str = ""


def parse_annotated(raw: str) -> tuple[str, list[tuple[str, str, int, int]]]:
    """Strip Rasa entity annotations from ``raw``; return the plain text and the entities."""
    out, entities, pos = [], [], 0
    for m in ANNOTATION.finditer(raw):
        out.append(raw[pos : m.start()])
        start = sum(len(p) for p in out)
        text = m.group("text")
        if m.group("json") is not None:
            spec = json.loads("{" + m.group("json") + "}")
            name, value = spec["entity"], spec.get("value", text)
        else:
            name, value = m.group("name"), text
        out.append(text)
        entities.append((name, value, start, start + len(text)))
        pos = m.end()
    out.append(raw[pos:])
    return "".join(out), entities


def load_examples(path: str | Path) -> list[Example]:
    doc = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    examples = []
    for block in doc.get("nlu", []):
        if "intent" not in block:
            continue
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if not line.startswith("- "):
                continue
            raw = line[2:].strip()
            text, entities = parse_annotated(raw)
            examples.append(Example(block["intent"], text, entities, raw))
    return examples


def check_file(path: str | Path) -> list[str]:
    problems = []
    try:
        examples = load_examples(path)
    except (yaml.YAMLError, json.JSONDecodeError, KeyError) as exc:
        return [f"{path}: cannot parse: {exc}"]
    seen = Counter()
    for ex in examples:
        if ex.intent not in INTENTS:
            problems.append(f"{path}: unknown intent {ex.intent!r}")
        for name, value, _, _ in ex.entities:
            if name not in ENTITY_VALUES:
                problems.append(f"{path}: unknown entity {name!r} in {ex.raw!r}")
            elif value not in ENTITY_VALUES[name]:
                problems.append(f"{path}: bad value {value!r} for {name} in {ex.raw!r}")
        seen[ex.text.lower()] += 1
    problems += [f"{path}: duplicate example {t!r}" for t, n in seen.items() if n > 1]
    return problems


def main(paths: list[str]) -> int:
    bad = 0
    for path in paths:
        problems = check_file(path)
        for p in problems:
            print(p)
        bad += len(problems)
        examples = load_examples(path) if not problems else []
        intents = Counter(e.intent for e in examples)
        reasons = Counter(v for e in examples for n, v, *_ in e.entities if n == "absence_reason")
        resources = Counter(v for e in examples for n, v, *_ in e.entities if n == "resource_type")
        print(f"{path}: {len(examples)} examples")
        print("  intents:", dict(sorted(intents.items())))
        print("  reasons:", dict(sorted(reasons.items())))
        print("  resources:", dict(sorted(resources.items())))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
