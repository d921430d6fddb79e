"""From an extracted entity to its label, also for wordings the model never saw.

DIET finds the words that state a reason ("تبه", "fiebre alta"); Rasa maps them to a label only
when exactly those words were annotated in training. For any other span we take the label of
the most similar annotated span of the same entity in the training data (flows/data/nlu), by
character similarity — so "tiene fiebrita" still means illness. Training a role classifier in
DIET instead tripled training time on 2 cores.
"""

from __future__ import annotations

import os
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.labels import ENTITY_LABELS
from bot.nlu_data import load_examples
from bot.nlu_preprocess import SEPARATOR

TRAINING = Path(__file__).resolve().parent.parent / "flows" / "data" / "nlu"
MIN_SIMILARITY = 85
MIN_CONFIDENCE = 0.5


def fold(text: str) -> str:
    """Lower-case; Latin accents dropped ("fiebre" = "fíebre"), other scripts' marks kept:
    Gurmukhi vowel signs are combining marks, and "ਖਾਣੇ" without them is another word."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", (text or "").lower()):
        if unicodedata.combining(ch) and out and out[-1].isascii():
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def words(text: str) -> list[str]:
    """Words split at spaces, punctuation and symbols (not at combining marks, as \\w would)."""
    return "".join(" " if unicodedata.category(c)[0] in "PSZ" else c for c in text).split()


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


def _long_enough(word: str) -> bool:
    # Latin-script words under 4 letters are too often function words ("out", "del").
    return len(word) >= (4 if word.isascii() else 3)


@lru_cache(maxsize=1)
def word_index() -> dict[str, dict[str, str]]:
    """entity -> {word of an annotated span: label}, words that belong to one label only."""
    index: dict[str, dict[str, str]] = {}
    for name, spans in lexicon().items():
        seen: dict[str, set[str]] = {}
        for span, label in spans.items():
            for word in words(span):
                if _long_enough(word):
                    seen.setdefault(word, set()).add(label)
        index[name] = {w: next(iter(labels)) for w, labels in seen.items() if len(labels) == 1}
    return index


def _same_word(a: str, b: str) -> bool:
    """Equal, or sharing a stem: "fiebrita"/"fiebre", "غذا"/"غذایی", "хворіє"/"хвора"."""
    if a == b:
        return True
    common = len(os.path.commonprefix([a, b]))
    return common >= max(3 if not a.isascii() else 4, round(0.7 * min(len(a), len(b))))


def _word_votes(name: str, text: str) -> list[str]:
    index = word_index().get(name, {})
    labels = []
    for word in words(text):
        if not _long_enough(word):
            continue
        hits = {label for known, label in index.items() if _same_word(word, known)}
        if len(hits) == 1:
            labels.append(hits.pop())
    return labels


def split_entity(entity: dict) -> tuple[str, str | None]:
    """("absence_reason", "illness") for the model's "absence_reason__illness"; (name, None)
    for an entity without a label in its name."""
    name = entity.get("entity") or ""
    family, _, label = name.partition(SEPARATOR)
    return family, label or None


def span_text(entity: dict, message_text: str = "") -> str:
    """The words an entity covers (Rasa's parse gives offsets into the message, not text)."""
    if entity.get("text"):
        return entity["text"]
    start, end = entity.get("start"), entity.get("end")
    if message_text and start is not None and end is not None:
        return message_text[start:end]
    return str(entity.get("value") or "")


def entity_label(entity: dict, message_text: str = "") -> str | None:
    """The label (e.g. "illness") of an entity from Rasa's parse: the label the model chose
    ("absence_reason__illness"), or its value when that is a label; else the label of the same
    or a very similar training span, or of the words it shares with training spans; None when
    nothing is close."""
    name, label = split_entity(entity)
    labels = ENTITY_LABELS.get(name)
    if label and (labels is None or label in labels):
        return label
    value = entity.get("value")
    if labels is None or value in labels:
        return value
    text = fold(span_text(entity, message_text))
    known = lexicon().get(name, {})
    if text in known:
        return known[text]
    # Plain ratio, not a partial match: "family" must not match "family emergency".
    match = process.extractOne(text, list(known), scorer=fuzz.ratio,
                               score_cutoff=MIN_SIMILARITY)
    if match:
        return known[match[0]]
    votes = _word_votes(name, text)
    return Counter(votes).most_common(1)[0][0] if votes else None


def labels_in_text(name: str, message_text: str) -> list[str]:
    """Labels whose training words appear in the message, most frequent first: the fallback
    when the model found the intent but marked no words."""
    return [label for label, _ in Counter(_word_votes(name, fold(message_text))).most_common()]


def best_label(entities: list[dict], name: str, message_text: str = "",
               use_words: bool = False) -> str | None:
    """One label for ``name`` from the model's entities: the label most spans agree on, ties
    broken by the model's confidence; spans the model is unsure of (< MIN_CONFIDENCE) do not
    vote. With ``use_words`` (resource types, once the intent says a need was asked for), fall
    back to labels whose training words appear in the text."""
    votes: dict[str, list[float]] = {}
    for entity in entities:
        confidence = float(entity.get("confidence_entity") or 1.0)
        if split_entity(entity)[0] != name or confidence < MIN_CONFIDENCE:
            continue
        label = entity_label(entity, message_text)
        if label:
            votes.setdefault(label, []).append(confidence)
    if votes:
        return max(votes, key=lambda label: (len(votes[label]), max(votes[label])))
    found = labels_in_text(name, message_text) if use_words else []
    return found[0] if found else None
