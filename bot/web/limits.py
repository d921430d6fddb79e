"""Rate limits (Flask-Limiter): repeated failed sign-ins for one account, or from one address,
are answered 429 before the password is even checked.

Only failures count (``deduct_when``): a clerk who signs in fine all day is never limited. The
counts live in RATELIMIT_STORAGE_URI: memory by default (per process), Redis in production so
every web worker shares them (``redis://host:6379``).
"""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)


def init_limits(app: Flask) -> None:
    limiter.init_app(app)


def account_tried() -> str:
    """The sign-in form's email, as the key of the per-account limit."""
    return "login:" + (request.form.get("email") or "").strip().lower()[:200]


def failed(response) -> bool:
    return response.status_code == 401


def per_account() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def per_address() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def limit_sign_in(view):
    """The sign-in view, limited per account and per address; failures only."""
    view = limiter.limit(per_account, key_func=account_tried, methods=["POST"],
                         deduct_when=failed)(view)
    return limiter.limit(per_address, methods=["POST"], deduct_when=failed)(view)
