"""The one client for Twilio's Messages API, with typed exceptions.

``TwilioClient.send_message(to, body, channel)`` returns the new message's SID;
``sent_to(to, body, since)`` lists the SIDs of such messages already sent (the outbox checks a
send whose outcome a crash lost). Both raise:

- ``TwilioTemporaryError``: the network failed, the request timed out, or Twilio answered 5xx or
  429. Trying again later may work.
- ``TwilioPermanentError``: Twilio answered another 4xx; ``code`` is Twilio's error code (e.g.
  21610, recipient unsubscribed) when the answer carries one, else the HTTP status.

Exception messages carry the HTTP status and error code only: Twilio's own error text can quote
the recipient's phone number, which must never reach our logs.

Nothing is built at import time; ``TwilioClient.from_config(Config)`` reads the settings.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from contextlib import contextmanager
from datetime import datetime

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http import HttpClient
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

# What an error code says about the recipient (REST answers and status callbacks alike; with a
# Messaging Service many of these arrive only in the callback).
OPTED_OUT_CODES = frozenset({21610})  # "Attempt to send to unsubscribed recipient" (STOP)
# The 'To' number itself cannot take SMS: 21211 invalid 'To', 21265 'To' is a short code,
# 21614 'To' is not a valid mobile number, 21635 'To' is a landline, 30005 unknown destination
# handset (number no longer exists), 30006 landline or unreachable carrier.
# Deliberately NOT here: 21612 (this To/From *combination* cannot be connected: depends on our
# sender), 21408/21606 (our account or sender), 30003 (handset off: temporary), 30007 (carrier
# filtering of our content).
UNREACHABLE_CODES = frozenset({21211, 21265, 21614, 21635, 30005, 30006})
AUTH_FAILED_STATUS = 401  # error 20003: our credentials, not the message, are wrong

WHATSAPP = "whatsapp"
LOOKUP_LIMIT = 50  # messages to one number in a few minutes: far fewer than this


class TwilioError(Exception):
    """Base class: the message was not accepted by Twilio."""


class TwilioTemporaryError(TwilioError):
    def __init__(self, status: int | None = None, code: int | None = None, reason: str = ""):
        self.status, self.code = status, code
        super().__init__(f"Twilio temporarily unavailable (status={status}, code={code}"
                         f"{', ' + reason if reason else ''})")


class TwilioPermanentError(TwilioError):
    def __init__(self, code: int | None, status: int | None = None):
        self.code, self.status = code, status
        super().__init__(f"Twilio refused the message (status={status}, code={code})")


def config_value(config, name: str, default=""):
    """A setting from a Config class or a mapping (Flask's ``app.config``)."""
    if isinstance(config, Mapping):
        return config.get(name, default)
    return getattr(config, name, default)


def _address(channel: str, number: str) -> str:
    if channel == WHATSAPP and not number.startswith("whatsapp:"):
        return f"whatsapp:{number}"
    return number


class TwilioClient:
    def __init__(self, account_sid: str, auth_token: str, *, messaging_service_sid: str = "",
                 from_number: str = "", base_url: str = "", timeout: float = 10.0,
                 status_callback: str = "", http_client: HttpClient | None = None):
        if not account_sid or not auth_token:
            raise ValueError("Twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")
        if not messaging_service_sid and not from_number:
            raise ValueError("Twilio needs TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM_NUMBER")
        self.messaging_service_sid = messaging_service_sid
        self.from_number = from_number
        self.status_callback = status_callback
        # twilio's default HTTP client waits forever: a hung socket would stall the clock.
        http_client = http_client or TwilioHttpClient(timeout=timeout)
        # At INFO it logs every request's URL with its query: a message lookup's To=+1…, a
        # phone number, would reach our logs.
        logging.getLogger("twilio.http_client").setLevel(logging.WARNING)
        self.client = Client(account_sid, auth_token, http_client=http_client)
        if base_url:
            self.client.api.base_url = base_url.rstrip("/")  # e.g. Prism in the contract tests

    @classmethod
    def from_config(cls, config) -> TwilioClient:
        return cls(
            config_value(config, "TWILIO_ACCOUNT_SID"),
            config_value(config, "TWILIO_AUTH_TOKEN"),
            messaging_service_sid=config_value(config, "TWILIO_MESSAGING_SERVICE_SID"),
            from_number=config_value(config, "TWILIO_FROM_NUMBER"),
            base_url=config_value(config, "TWILIO_API_BASE_URL"),
            timeout=float(config_value(config, "TWILIO_TIMEOUT", 10.0) or 10.0),
            status_callback=config_value(config, "TWILIO_STATUS_CALLBACK_URL", ""),
        )

    def send_message(self, to: str, body: str, channel: str = "sms") -> str:
        """Send one message to ``to`` (E.164) over ``channel`` ("sms" or "whatsapp"); return
        its SID."""
        kwargs: dict = {"to": _address(channel, to), "body": body}
        if self.messaging_service_sid:
            kwargs["messaging_service_sid"] = self.messaging_service_sid
        else:
            kwargs["from_"] = _address(channel, self.from_number)
        if self.status_callback:
            kwargs["status_callback"] = self.status_callback
        with _mapped_errors():
            message = self.client.messages.create(**kwargs)
        return message.sid

    def sent_to(self, to: str, body: str, since: datetime, channel: str = "sms") -> list[str]:
        """SIDs of the messages with exactly this body sent to ``to`` since ``since``, newest
        first: did a send whose outcome we lost (a crash) reach Twilio?"""
        with _mapped_errors():  # one page: never follow next_page_uri for this
            found = list(self.client.messages.page(to=_address(channel, to),
                                                   date_sent_after=since,
                                                   page_size=LOOKUP_LIMIT))
        return [m.sid for m in found if m.body == body]


@contextmanager
def _mapped_errors():
    """Twilio's and the network's exceptions as TwilioTemporaryError / TwilioPermanentError.

    ``from None`` everywhere: the chained original would carry Twilio's error text (which can
    quote the phone number) into any logged traceback."""
    try:
        yield
    except TwilioRestException as exc:
        code = exc.code if isinstance(exc.code, int) else None
        if exc.status == 429 or exc.status >= 500:
            raise TwilioTemporaryError(exc.status, code) from None
        raise TwilioPermanentError(code or exc.status, exc.status) from None
    except TwilioException as exc:  # "Unable to fetch page": a list answered with an error
        response = exc.args[1] if len(exc.args) > 1 else None
        status = getattr(response, "status_code", None)
        if status is not None and status < 500 and status != 429:
            raise TwilioPermanentError(status, status) from None
        raise TwilioTemporaryError(status, reason="unreadable answer") from None
    except requests.Timeout:
        raise TwilioTemporaryError(reason="timeout") from None
    except requests.RequestException as exc:
        raise TwilioTemporaryError(reason=type(exc).__name__) from None
