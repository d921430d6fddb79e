"""Environment-backed configuration classes.

Every setting is read from the environment when the class body runs (i.e. at import of this
module, before ``create_app``), with an embedded default that needs nothing outside this machine:
SQLite in ``var/``, console SMS transport, Rasa and the action server on 127.0.0.1.
The README lists every variable; keep the two in step.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VAR = Path(os.environ.get("SHOWUP_VAR_DIR", ROOT / "var"))


DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 (refused by create_app outside debug/tests)


def _secret_key() -> str:
    """SECRET_KEY, else the random key `make run` writes once to var/secret_key, else the
    development key (which the app refuses to run with outside debug and tests)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = VAR / "secret_key"
    return path.read_text().strip() if path.exists() else DEV_SECRET_KEY


def _bool(name: str, default: bool | None) -> bool | None:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _share(name: str, default: str) -> float:
    """A fraction from the environment, refused at start if it cannot be one: 10 meant as
    10 % would otherwise keep every student out of the texts."""
    raw = os.environ.get(name, default)
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 0.5:
        raise ValueError(f"{name} must be a share from 0 to 0.5 (0.10 is 10 %), not {raw!r}")
    return value


def _whole_or_none(name: str) -> int | None:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise ValueError(f"{name} must be a whole number, not {raw!r}")
    return int(raw)


class Config:
    SECRET_KEY = _secret_key()
    # Session cookies (staff login, family chat): not readable by scripts, not sent on
    # cross-site POSTs; Secure (HTTPS only) unless set: None = everywhere but localhost
    # (bot/web/cookies.py), so production is safe without remembering a setting.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", None)
    DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR / 'showup.db'}")
    # Several Rasa instances (production: they share the tracker store and a Redis lock store):
    # RASA_URLS="http://a:5005,http://b:5005" — the first, then the next when one is unreachable.
    RASA_URLS = [u.strip() for u in os.environ.get("RASA_URLS", "").split(",") if u.strip()]
    RASA_URL = RASA_URLS[0] if RASA_URLS else os.environ.get("RASA_URL", "http://127.0.0.1:5005")
    ACTIONS_URL = os.environ.get("ACTIONS_URL", "http://127.0.0.1:5055")
    # Twilio waits 15 s for a webhook; Rasa must answer well inside that.
    RASA_TIMEOUT = float(os.environ.get("RASA_TIMEOUT", "6"))
    # Seconds the webhook waits for Rasa's turn; past it, empty TwiML now and the bot's answer by
    # SMS when ready (bot.reply_budget). 0: the webhook waits for the whole turn.
    REPLY_BUDGET = float(os.environ.get("REPLY_BUDGET", "2"))
    REPLY_THREADS = int(os.environ.get("REPLY_THREADS", "4"))
    # One deadline for a message's whole chain (language, parse, translation, Rasa's turn).
    TURN_DEADLINE = float(os.environ.get("TURN_DEADLINE", "12"))
    # Messages a minute one phone may send before the rest are only stored, not sent to Rasa.
    FLOOD_PER_MINUTE = int(os.environ.get("FLOOD_PER_MINUTE", "12"))
    # How long a claim on a message's turn lasts (bot.turn_queue): longer than TURN_DEADLINE,
    # so only a dead process's claim expires.
    TURN_LEASE_SECONDS = float(os.environ.get("TURN_LEASE_SECONDS", "30"))
    TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID", "")
    TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN", "")
    TWILIO_MESSAGING_SERVICE_SID = os.environ.get("TWILIO_MESSAGING_SERVICE_SID", "")
    TWILIO_FROM_NUMBER = os.environ.get("TWILIO_FROM_NUMBER", "")
    TWILIO_API_BASE_URL = os.environ.get("TWILIO_API_BASE_URL", "")
    TWILIO_TIMEOUT = float(os.environ.get("TWILIO_TIMEOUT", "10"))
    # Where Twilio reports delivery of messages sent From a number (a Messaging Service uses
    # the callback configured on the service): https://YOUR-HOST/twilio/status
    TWILIO_STATUS_CALLBACK_URL = os.environ.get("TWILIO_STATUS_CALLBACK_URL", "")
    # Segments per second for one sender (US long code: 1); 0 turns pacing off.
    OUTBOX_RATE_PER_SECOND = float(os.environ.get("OUTBOX_RATE_PER_SECOND", "1"))
    TRUST_PROXY = _bool("TRUST_PROXY", False)
    # Failed staff sign-ins before 429 (bot.web.limits); shared by every worker only with Redis.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "30 per 15 minutes")
    SMS_TRANSPORT = os.environ.get("SMS_TRANSPORT", "")  # "console" | "twilio" | "" = auto
    QUIET_HOURS = os.environ.get("QUIET_HOURS", "20:00-07:00")
    # The wake-up text's time for a family that said yes without naming one.
    NUDGE_DEFAULT_TIME = os.environ.get("NUDGE_DEFAULT_TIME", "06:45")
    DISTRICT_TIMEZONE = os.environ.get("DISTRICT_TIMEZONE", "America/Los_Angeles")
    # The share of students kept out of the proactive texts (wake-up offers, praise) for the
    # school year, so the district can measure what those texts do (bot.outreach.holdout,
    # `flask report impact`); 0 turns the holdout off. OUTREACH_SEED fixes the draw's seed
    # (default: a random one, recorded in the database for the year).
    OUTREACH_HOLDOUT = _share("OUTREACH_HOLDOUT", "0.10")
    OUTREACH_SEED = _whole_or_none("OUTREACH_SEED")
    TRANSLATION_ENABLED = _bool("TRANSLATION_ENABLED", True)
    TRANSLATION_TIMEOUT = float(os.environ.get("TRANSLATION_TIMEOUT", "5"))
    # Tests point googletrans at a local server: e.g. "http://127.0.0.1:9999/translate_a/single".
    TRANSLATION_URL_TEMPLATE = os.environ.get("TRANSLATION_URL_TEMPLATE", "")
    # The clock process writes a heartbeat this often; /healthz calls it stale after 3 beats.
    HEARTBEAT_SECONDS = int(os.environ.get("HEARTBEAT_SECONDS", "30"))
    # A family waiting for staff longer than this many staff hours (STAFF_HOURS on school days)
    # rises to the top of the inbox.
    STAFF_SLA_HOURS = float(os.environ.get("STAFF_SLA_HOURS", "4"))
    STAFF_HOURS = os.environ.get("STAFF_HOURS", "08:00-16:30")
    # Message bodies (ShowUp's and Rasa's tracker events) older than this are erased nightly;
    # the records made from them (absences, reasons, RSVPs, requests, counts) stay.
    RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", "365"))
    # Rasa's tracker store (flows/endpoints.yml); empty: the retention job leaves it alone.
    RASA_TRACKER_URL = os.environ.get("RASA_TRACKER_URL",
                                      f"sqlite:///{ROOT / 'var' / 'rasa-tracker.db'}")
    DEFAULT_LANGUAGE = os.environ.get("DEFAULT_LANGUAGE", "en")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    # Requests larger than this get 413 before any work (Twilio's own limit is 1,600 characters
    # a message; a webhook with every field is a few KB). Werkzeug enforces it while reading.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_REQUEST_BYTES", str(64 * 1024)))
    MAX_FORM_MEMORY_SIZE = MAX_CONTENT_LENGTH
    TESTING = False


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"  # noqa: S105 (tests only)
    DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    TRANSLATION_ENABLED = False
    SMS_TRANSPORT = "console"
    # Tests read the bot's answer in the webhook's reply; the budget has its own tests.
    REPLY_BUDGET = 0.0
