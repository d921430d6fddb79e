"""The one client for the Rasa server (REST channel and NLU parse), with typed errors.

Rasa listens on 127.0.0.1 only. Every call has a timeout well under Twilio's 15 s webhook limit;
any failure raises RasaUnavailable so the pipeline can answer with its localized fallback.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests


class RasaUnavailable(RuntimeError):
    """Rasa (or the action server behind it) did not answer in time or answered an error."""


@dataclass
class RasaClient:
    url: str
    timeout: float = 6.0

    def send(self, sender: str, text: str, metadata: dict) -> list[dict]:
        """Send one user message; return Rasa's bot messages (each a dict, e.g. {"custom": ...})."""
        return self._post("/webhooks/rest/webhook",
                          {"sender": sender, "message": text, "metadata": metadata})

    def parse(self, text: str) -> dict:
        """NLU only: {"intent": {...}, "entities": [...], "intent_ranking": [...]}."""
        return self._post("/model/parse", {"text": text})

    def _post(self, path: str, payload: dict):
        try:
            resp = requests.post(self.url.rstrip("/") + path, json=payload, timeout=self.timeout)
            resp.raise_for_status()
            return resp.json()
        except (requests.RequestException, ValueError) as exc:
            raise RasaUnavailable(f"{path}: {type(exc).__name__}") from None
