"""Per-session CSRF tokens for HTML forms (staff admin and family web chat).

Each side keeps its own token under its own session key, so signing in as staff does not
invalidate a family's open chat form and vice versa."""

from __future__ import annotations

import hmac
import secrets

from flask import request, session


def token(key: str) -> str:
    """This session's token under ``key`` (made on first use)."""
    value = session.get(key)
    if not value:
        value = session[key] = secrets.token_urlsafe(32)
    return value


def renew(key: str) -> str:
    """A fresh token, e.g. after the identity behind the session changed."""
    session[key] = secrets.token_urlsafe(32)
    return session[key]


def valid(key: str, field: str | None = None) -> bool:
    """True when the POSTed form field (default: ``key``) or X-CSRF-Token header matches."""
    expected = session.get(key)
    sent = request.form.get(field or key) or request.headers.get("X-CSRF-Token") or ""
    return bool(expected) and hmac.compare_digest(str(expected).encode(), str(sent).encode())
