"""Session cookies are Secure (HTTPS only) unless the app is served on this machine.

SESSION_COOKIE_SECURE "true"/"false" decides; unset (None), the cookie is Secure for every host
but localhost and 127.0.0.1 — so production is safe without remembering a setting, and
`make run` on http://127.0.0.1 still signs in.
"""

from __future__ import annotations

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def served_locally() -> bool:
    host = request.host.rsplit(":", 1)[0] if not request.host.endswith("]") else request.host
    return host.lower() in LOCAL_HOSTS


class AutoSecureSessionInterface(SecureCookieSessionInterface):
    def get_cookie_secure(self, app: Flask) -> bool:
        setting = app.config["SESSION_COOKIE_SECURE"]
        return (not served_locally()) if setting is None else bool(setting)


def init_cookies(app: Flask) -> None:
    app.session_interface = AutoSecureSessionInterface()
