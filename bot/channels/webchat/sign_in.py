"""Sign-in for the family web chat: personal links, one-time codes, and who is signed in.
No routes here (bot.channels.webchat.routes).

Personal link: ``make_chat_link(guardian_id)`` signs the guardian id with itsdangerous
(``URLSafeTimedSerializer(SECRET_KEY, salt="chat-link")``); ``read_chat_link(token)`` returns
the id, or raises ``LinkExpired`` (older than 30 days) or ``LinkInvalid`` (forged, mangled).

One-time code: the family types a phone number and gets a 6-digit code by text. Only
``HMAC(SECRET_KEY, phone + code)``, an expiry (10 minutes), a random challenge id and an attempt
counter are kept, in the Flask session (a signed cookie: readable by the browser, so it must not
say whether the number is on file; it holds the same fields either way). Because a browser can
replay an old cookie to reset its counter, failed attempts are also counted on the server, as
``AuditEvent`` rows keyed by the challenge id: five wrong codes end the challenge either way.

Signed in: the Flask session holds the token of a server-side session (bot.web.sessions,
``signed_in``/``sign_in``); signing out ends it, so a copied cookie stops working, and a
guardian removed from the roster meanwhile is signed out. ``send_code`` texts a code through the
outbox, at most CODES_PER_HOUR an hour to one number.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import MutableMapping
from datetime import timedelta
from enum import Enum

from flask import current_app, session, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.channels.webchat.page_text import SESSION_LANG, guardian_language, known
from bot.messages.render import render
from bot.outbox.enqueue import enqueue
from bot.web import csrf
from bot.web import sessions as web_sessions
from models import AuditEvent, Guardian, OutboxMessage
from models.base import utcnow

log = logging.getLogger(__name__)

LINK_SALT = "chat-link"
LINK_MAX_AGE = 30 * 24 * 3600  # a personal link works for 30 days
CODE_TTL = 10 * 60  # a code works for 10 minutes
MAX_ATTEMPTS = 5  # wrong codes before the family must ask for a new one
CHALLENGE_KEY = "chat_otp"  # key of the pending code in the Flask session
FAILED_ACTION = "webchat_code_failed"
CODES_PER_HOUR = 5  # codes texted to one number per hour: the form cannot be used to spam
SESSION_GUARDIAN = "chat_session"  # the token of a server-side session (bot.web.sessions)
SESSION_CSRF = "chat_csrf"


class LinkInvalid(ValueError):
    """The token was not made by us (forged, truncated, another salt or key)."""


class LinkExpired(LinkInvalid):
    """The token is ours but older than LINK_MAX_AGE."""


def _serializer(secret_key: str | None = None) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key or current_app.config["SECRET_KEY"], salt=LINK_SALT)


def make_chat_link(guardian_id: int, secret_key: str | None = None) -> str:
    """A URL-safe token that signs this guardian in to the web chat for 30 days."""
    return _serializer(secret_key).dumps(int(guardian_id))


def chat_link_url(guardian_id: int) -> str:
    """The full personal link (needs an app and request context, or SERVER_NAME)."""
    return url_for("webchat.link", token=make_chat_link(guardian_id), _external=True)


def read_chat_link(token: str, secret_key: str | None = None,
                   max_age: int = LINK_MAX_AGE) -> int:
    """The guardian id inside ``token``; LinkExpired or LinkInvalid otherwise."""
    try:
        value = _serializer(secret_key).loads(token, max_age=max_age)
    except SignatureExpired:
        raise LinkExpired("chat link expired") from None
    except BadSignature:
        raise LinkInvalid("chat link not valid") from None
    if not isinstance(value, int) or isinstance(value, bool):
        raise LinkInvalid("chat link holds no guardian id")
    return value


# --- one-time codes --------------------------------------------------------------------------
class Check(Enum):
    OK = "ok"
    WRONG = "wrong"  # try again
    START_OVER = "start_over"  # no code, expired, or too many attempts: ask for a new code


def new_code() -> str:
    """Six random digits from the OS's CSPRNG."""
    return f"{secrets.randbelow(10**6):06d}"


def code_mac(phone: str, code: str, secret_key: str | None = None) -> str:
    key = (secret_key or current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"{phone}\n{code}".encode(), hashlib.sha256).hexdigest()


def start_challenge(store: MutableMapping, phone: str, code: str,
                    now: float | None = None) -> None:
    """Remember (as a MAC only) that ``code`` was sent to ``phone``; replaces any older code."""
    now = time.time() if now is None else now
    store[CHALLENGE_KEY] = {
        "id": secrets.randbelow(2**31 - 1) + 1, "mac": code_mac(phone, code),
        "exp": int(now + CODE_TTL), "tries": 0,
    }


def has_challenge(store: MutableMapping, now: float | None = None) -> bool:
    pending = store.get(CHALLENGE_KEY)
    now = time.time() if now is None else now
    return bool(pending) and pending.get("exp", 0) > now


def _server_failures(db_session: Session, challenge_id: int) -> int:
    return db_session.scalar(
        select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == FAILED_ACTION, AuditEvent.subject_type == "webchat_challenge",
            AuditEvent.subject_id == challenge_id))


def check_code(store: MutableMapping, db_session: Session, phone: str, code: str,
               now: float | None = None) -> Check:
    """Compare ``code`` for ``phone`` with the pending challenge; counts the attempt.

    The challenge is removed on success and when it can no longer succeed."""
    now = time.time() if now is None else now
    pending = store.get(CHALLENGE_KEY)
    if not pending or pending.get("exp", 0) <= now:
        store.pop(CHALLENGE_KEY, None)
        return Check.START_OVER
    challenge_id = int(pending.get("id", 0))
    tries = max(int(pending.get("tries", 0)), _server_failures(db_session, challenge_id))
    if tries >= MAX_ATTEMPTS:
        store.pop(CHALLENGE_KEY, None)
        return Check.START_OVER
    if hmac.compare_digest(code_mac(phone, code.strip()), str(pending.get("mac", ""))):
        store.pop(CHALLENGE_KEY, None)
        return Check.OK
    db_session.add(AuditEvent(action=FAILED_ACTION, subject_type="webchat_challenge",
                              subject_id=challenge_id, details={}))
    tries += 1
    if tries >= MAX_ATTEMPTS:
        store.pop(CHALLENGE_KEY, None)
        return Check.START_OVER
    store[CHALLENGE_KEY] = dict(pending, tries=tries)
    return Check.WRONG


# --- who is signed in ------------------------------------------------------------------------
def guardian_for_phone(db_session: Session, phone: str) -> Guardian | None:
    """The first guardian on file with this phone (a shared phone signs in as the first)."""
    return db_session.scalars(
        select(Guardian).where(Guardian.phone == phone).order_by(Guardian.id)).first()


def signed_in(db_session: Session) -> Guardian | None:
    """The guardian of this browser's open session (bot.web.sessions), or None."""
    found = web_sessions.owner(db_session, session.get(SESSION_GUARDIAN))
    guardian = db_session.get(Guardian, found.guardian_id) \
        if found is not None and found.guardian_id is not None else None
    if guardian is None:
        session.pop(SESSION_GUARDIAN, None)  # signed out, or removed from the roster
    return guardian


def sign_in(db_session: Session, guardian: Guardian) -> None:
    session[SESSION_GUARDIAN] = web_sessions.start(db_session, guardian_id=guardian.id)
    session[SESSION_LANG] = known(guardian.language) or "en"
    csrf.renew(SESSION_CSRF)  # a new token for the new identity


def sign_out(db_session: Session) -> None:
    """Ends the session on the server too: a copy of the cookie stops working."""
    web_sessions.end(db_session, session.pop(SESSION_GUARDIAN, None))
    csrf.renew(SESSION_CSRF)


def school_name(guardian: Guardian) -> str:
    students = guardian.students
    return students[0].school.name if students and students[0].school else ""


def send_code(db_session: Session, phone: str) -> None:
    """Text a new code to the guardian with this phone, if there is one. The session gets a
    challenge either way (for an unknown number, of a code nobody receives)."""
    guardian = guardian_for_phone(db_session, phone)
    code = new_code()
    if guardian is None:
        start_challenge(session, phone, code)
        return
    recent = db_session.scalar(
        select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.kind == "verification", OutboxMessage.to == phone,
            OutboxMessage.created_at >= utcnow() - timedelta(hours=1)))
    if recent >= CODES_PER_HOUR:
        log.warning("verification codes: hourly limit reached for guardian %s", guardian.id)
        if not has_challenge(session):
            start_challenge(session, phone, code)
        return  # keep the code already sent: it still works
    language = guardian_language(guardian)
    body = render({"template": "verification_code",
                   "vars": {"school": school_name(guardian) or "ShowUp", "code": code}},
                  language)
    enqueue(db_session, key=f"verification:{guardian.id}:{secrets.token_hex(8)}",
            guardian=guardian, body=body, kind="verification", urgent=True, language=language)
    start_challenge(session, phone, code)
