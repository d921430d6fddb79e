"""From an extracted entity to its label, also for wordings the model never saw.

DIET finds the words that state a reason ("تبه", "fiebre alta"); Rasa maps them to a label only
when exactly those words were annotated in training. For any other span we take the label of
the most similar annotated span of the same entity in the training data (flows/data/nlu), by
character similarity — so "tiene fiebrita" still means illness. Training a role classifier in
DIET instead tripled training time on 2 cores.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.children import fold
from bot.labels import ENTITY_LABELS
from bot.nlu_data import load_examples

TRAINING = Path(__file__).resolve().parent.parent / "flows" / "data" / "nlu"
MIN_SIMILARITY = 70


@lru_cache(maxsize=1)
def lexicon() -> dict[str, dict[str, str]]:
    """entity -> {folded annotated text: label}, from every training file."""
    table: dict[str, dict[str, str]] = {name: {} for name in ENTITY_LABELS}
    for path in sorted(TRAINING.glob("*.yml")):
        for example in load_examples(path):
            for name, value, start, end in example.entities:
                if name in table and value in ENTITY_LABELS[name]:
                    table[name].setdefault(fold(example.text[start:end]), value)
    return table


def entity_label(entity: dict) -> str | None:
    """The label (e.g. "illness") of an entity from Rasa's parse: its value when that is a
    label, else the label of the most similar training span; None when nothing is close."""
    name, value = entity.get("entity"), entity.get("value")
    labels = ENTITY_LABELS.get(name)
    if labels is None or value in labels:
        return value
    text = fold(entity.get("text") or value or "")
    known = lexicon().get(name, {})
    if not text or not known:
        return None
    match = process.extractOne(text, list(known), scorer=fuzz.WRatio,
                               score_cutoff=MIN_SIMILARITY)
    return known[match[0]] if match else None
