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
    """``url`` first; ``fallbacks`` (RASA_URLS after the first) are tried, in order, only when
    an instance cannot be reached at all — a request that reached Rasa and then timed out is
    never sent again elsewhere, since that instance may still be taking the turn."""

    url: str
    timeout: float = 6.0
    fallbacks: tuple[str, ...] = ()

    def send(self, sender: str, text: str, metadata: dict,
             timeout: float | None = None) -> list[dict]:
        """Send one user message; return Rasa's bot messages (each a dict, e.g. {"custom": ...}).
        ``timeout``: wait at most this long (what is left of the turn's deadline), not longer
        than ``self.timeout``."""
        return self._post("/webhooks/rest/webhook",
                          {"sender": sender, "message": text, "metadata": metadata},
                          timeout=min(self.timeout, timeout) if timeout else None)

    def parse(self, text: str) -> dict:
        """NLU only: {"intent": {...}, "entities": [...], "intent_ranking": [...]}."""
        return self._post("/model/parse", {"text": text})

    def _post(self, path: str, payload: dict, timeout: float | None = None):
        for url in (self.url, *self.fallbacks):
            try:
                resp = requests.post(url.rstrip("/") + path, json=payload,
                                     timeout=timeout or self.timeout)
                resp.raise_for_status()
                return resp.json()
            except requests.ConnectionError as exc:
                error = exc  # never reached this instance: the next one may take the turn
                continue
            except (requests.RequestException, ValueError) as exc:
                raise RasaUnavailable(f"{path}: {type(exc).__name__}") from None
        raise RasaUnavailable(f"{path}: {type(error).__name__}") from None
