"""One classification per message: the real Rasa server takes the classification ShowUp already
had from it (metadata.showup_nlu, bot.inbound.nlu_metadata) for the very text of the turn, and
classifies anything else itself (flows/showup_components/classifier.py). The given answers
below are deliberately not what the model would say, so that only their use can pass."""

from __future__ import annotations

from uuid import uuid4

import pytest
import requests

from bot.clients.rasa import RasaClient
from tests.integration.helpers import Family

pytestmark = pytest.mark.rasa


def turn(rasa_server, family: Family, text: str, given: dict | None):
    """The bot's templates for one message sent straight to Rasa, and its stored parse."""
    sender = f"one-classification-{uuid4().hex[:8]}"
    metadata = {"guardian_id": family.guardian_id, "guardian_ids": [family.guardian_id],
                "language": family.language}
    if given is not None:
        metadata["showup_nlu"] = given
    acts = [m["custom"]["template"]
            for m in RasaClient(rasa_server["url"], 30).send(sender, text, metadata)]
    tracker = requests.get(f"{rasa_server['url']}/conversations/{sender}/tracker",
                           timeout=10).json()
    [user] = [e for e in tracker["events"] if e["event"] == "user"]
    return acts, user["parse_data"]


def given(text: str, intent: str, confidence: float, ranking: list[tuple[str, float]]) -> dict:
    return {"text": text, "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
            "entities": []}


def test_the_given_classification_of_the_same_text_is_used(live_app, rasa_server):
    family = Family(live_app, language="es", phone="+19165550191")
    acts, parsed = turn(rasa_server, family, "hola",
                        given("hola", "thanks", 0.97, [("thanks", 0.97), ("greet", 0.02)]))
    assert acts == ["thanks"]  # not the greeting the model would have chosen
    assert parsed["intent"] == {"name": "thanks", "confidence": 0.97}


def test_a_given_not_understood_is_not_understood_again(live_app, rasa_server):
    family = Family(live_app, language="es", phone="+19165550192")
    acts, parsed = turn(rasa_server, family, "hola", given(
        "hola", "nlu_fallback", 0.45, [("nlu_fallback", 0.45), ("greet", 0.3), ("thanks", 0.2)]))
    assert acts == ["fallback"]
    assert parsed["intent"]["name"] == "nlu_fallback"
    assert [r["name"] for r in parsed["intent_ranking"]] == ["nlu_fallback", "greet", "thanks"]


def test_another_texts_classification_is_ignored(live_app, rasa_server):
    family = Family(live_app, language="es", phone="+19165550193")
    acts, parsed = turn(rasa_server, family, "gracias",
                        given("hola", "greet", 0.97, [("greet", 0.97)]))
    assert acts == ["thanks"]
    assert parsed["intent"]["name"] == "thanks"
