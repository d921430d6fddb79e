"""The labels a family's message states, read from Rasa's parse.

ShowUpClassifier (flows/showup_components/classifier.py) reports each label family the message
states as a sentence-level entity ``{"entity": "absence_reason", "value": "illness",
"confidence_entity": 0.83}``: at most two per family, and none when the message states none (an
absence with no reason). Values that are not known labels (an older model, a hand-made tracker
event) are ignored rather than trusted.
"""

from __future__ import annotations

from bot.nlu.labels import ENTITY_LABELS


def labels(entities: list[dict], name: str) -> list[str]:
    """Labels of family ``name`` (e.g. "resource_type"), the most confident first."""
    known = ENTITY_LABELS.get(name, ())
    found = sorted(((float(e.get("confidence_entity") or 1.0), e.get("value"))
                    for e in entities if e.get("entity") == name and e.get("value") in known),
                   key=lambda pair: -pair[0])
    return list(dict.fromkeys(value for _, value in found))


def best_label(entities: list[dict], name: str) -> str | None:
    """The most confident label of family ``name``, or None when the message states none."""
    found = labels(entities, name)
    return found[0] if found else None
