"""``@validate_twilio_request``: reject (403) any webhook whose X-Twilio-Signature does not match
TWILIO_AUTH_TOKEN for the request's public URL and form. Behind a proxy set TRUST_PROXY so the URL
is rebuilt from X-Forwarded-* (ProxyFix), or no signature will ever match."""

from __future__ import annotations

import logging
from functools import wraps

from flask import abort, current_app, request
from twilio.request_validator import RequestValidator

log = logging.getLogger(__name__)


def validate_twilio_request(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        token = current_app.config.get("TWILIO_AUTH_TOKEN")
        if not token:
            # No token, no way to tell Twilio from a forger: refuse rather than trust.
            log.warning("Twilio webhook refused: TWILIO_AUTH_TOKEN is not configured")
            abort(403)
        signature = request.headers.get("X-Twilio-Signature", "")
        if not RequestValidator(token).validate(request.url, request.form, signature):
            log.warning("Twilio webhook refused: bad signature on %s", request.path)
            abort(403)
        return view(*args, **kwargs)

    return wrapper
