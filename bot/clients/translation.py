"""The one client for machine translation (googletrans), with a timeout, a cache and a circuit
breaker. ``translate()`` raises TranslationUnavailable rather than ever returning the original
text as a "translation" (googletrans does that silently unless raise_exception=True).

In tests the service is a local server: ``url_template`` replaces googletrans' own URL
template (``https://{host}/translate_a/single``) so no request leaves the machine.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict

import httpx

from bot.messages.languages import LANGUAGES


class TranslationUnavailable(RuntimeError):
    pass


class Translator:
    def __init__(self, enabled: bool = True, timeout: float = 5.0,
                 url_template: str | None = None, failures_to_open: int = 3,
                 cooldown_seconds: float = 300.0, cache_size: int = 2000):
        self.enabled = enabled
        self.timeout = timeout
        self.url_template = url_template
        self.failures_to_open = failures_to_open
        self.cooldown_seconds = cooldown_seconds
        self._cache: OrderedDict[tuple[str, str, str], str] = OrderedDict()
        self._cache_size = cache_size
        self._failures = 0
        self._open_until = 0.0
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config) -> Translator:
        """From a config mapping (Flask's app.config) or class (TRANSLATION_* settings)."""
        get = config.get if isinstance(config, dict) else (lambda k: getattr(config, k))
        return cls(enabled=bool(get("TRANSLATION_ENABLED")),
                   timeout=float(get("TRANSLATION_TIMEOUT")),
                   url_template=get("TRANSLATION_URL_TEMPLATE") or None)

    @property
    def available(self) -> bool:
        return self.enabled and time.monotonic() >= self._open_until

    def translate(self, text: str, source: str, target: str = "en") -> str:
        """``text`` from our language code ``source`` into ``target``."""
        if source == target or not text.strip():
            return text
        key = (text, source, target)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        if not self.available:
            raise TranslationUnavailable("translation is off or its circuit is open")
        try:
            result = asyncio.run(self._call(text, LANGUAGES[source].googletrans,
                                            LANGUAGES[target].googletrans))
        except Exception as exc:  # googletrans raises bare Exception for HTTP errors
            self._failed()
            raise TranslationUnavailable(f"{type(exc).__name__}") from None
        with self._lock:
            self._failures = 0
            self._cache[key] = result
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return result

    def _failed(self) -> None:
        with self._lock:
            self._failures += 1
            if self._failures >= self.failures_to_open:
                self._open_until = time.monotonic() + self.cooldown_seconds
                self._failures = 0

    async def _call(self, text: str, src: str, dest: str) -> str:
        import googletrans
        from googletrans import urls

        if self.url_template:
            urls.TRANSLATE = self.url_template
        async with googletrans.Translator(
            service_urls=["translate.googleapis.com"], raise_exception=True,
            timeout=httpx.Timeout(self.timeout), http2=False,
        ) as client:
            result = await client.translate(text, src=src, dest=dest)
        if not result.text or (result.text == text and src != dest):
            raise TranslationUnavailable("no translation came back")
        return result.text
