"""What the bot understands of one message — the same path as a live message: language
detection, pre-processing, Rasa NLU, and (when the model is unsure about a non-English text and
translation is reachable) one more try on the English translation, keeping the surer answer.

Used by ``flask bot understand`` and the NLU report; the live path uses the same pieces.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from bot.clients.rasa import RasaClient
from bot.clients.translation import TranslationUnavailable, Translator
from bot.nlu.language_detect import detect
from bot.nlu.parsed_labels import best_label
from bot.nlu.preprocess import normalize
from bot.text.words import says_late

UNSURE_BELOW = 0.6
# A translation (TRANSLATION_TIMEOUT, 5 s at worst), a second parse, then the turn itself: below
# this much time left, the unsure first reading is kept rather than risk no reply at all.
RETRY_NEEDS_SECONDS = 8.0


@dataclass
class Understanding:
    text: str
    language: str | None
    intent: str | None
    confidence: float
    absence_reason: str | None
    resource_type: str | None
    rsvp: str | None
    entities: list[dict]
    translated: bool = False
    sent_text: str = ""  # what was sent to Rasa for this answer (the English, if translated)
    parsed: dict | None = None  # Rasa's NLU answer for ``sent_text``, as /model/parse gave it

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in (
            "text", "language", "intent", "confidence", "absence_reason", "resource_type",
            "rsvp", "entities")}


def _from_parse(text: str, language: str | None, parsed: dict) -> Understanding:
    """``text`` is the family's message; ``parsed`` is Rasa's answer for what it was sent."""
    intent = parsed.get("intent") or {}
    raw = parsed.get("entities", [])
    name = intent.get("name")
    if name == "report_absence" and says_late(text, language or "en"):
        name = "report_tardy"  # as the live path decides (action_report_absence_start)
    return Understanding(
        text=text, language=language, intent=name, sent_text=parsed.get("text") or text,
        confidence=round(float(intent.get("confidence") or 0.0), 4),
        absence_reason=(best_label(raw, "absence_reason") or "unspecified")
        if name in ("report_absence", "report_tardy") else None,
        resource_type=best_label(raw, "resource_type")
        if name == "request_resource" or any(e.get("entity") == "resource_type" for e in raw)
        else None,
        rsvp=best_label(raw, "rsvp") if name == "rsvp" else None,
        entities=[{"entity": e.get("entity"), "value": e.get("value"),
                   "confidence": e.get("confidence_entity")} for e in raw],
        parsed=parsed,
    )


def understand(text: str, rasa: RasaClient, language: str | None = None,
               translator: Translator | None = None, *, decided: bool = False,
               deadline: float | None = None) -> Understanding:
    """``decided``: ``language`` is already the message's (the live pipeline decides it once,
    when the message is stored), so it is not detected again. ``deadline`` (time.monotonic()):
    the translate-and-retry is skipped when too little time is left for it and the turn."""
    if decided and language:
        lang = language
    else:
        detection = detect(text)
        lang = detection.code if detection.confident or not language else language
    result = _from_parse(text, lang, rasa.parse(normalize(text)))
    if result.confidence < UNSURE_BELOW and lang not in (None, "en") and translator and \
            (deadline is None or deadline - time.monotonic() > RETRY_NEEDS_SECONDS):
        try:
            english = translator.translate(text, lang, "en")
        except TranslationUnavailable:
            return result
        second = _from_parse(text, lang, rasa.parse(normalize(english)))
        if second.confidence > result.confidence:
            second.translated = True
            return second
    return result
