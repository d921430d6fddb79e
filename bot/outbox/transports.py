"""Transports deliver one outbox message and return the provider's message id.

A transport's ``send(Outgoing)`` returns a provider SID or raises bot.clients.twilio's
TwilioTemporaryError / TwilioPermanentError; the sender decides what that means for the row.
``sent_before(Outgoing, since)`` says whether a send whose outcome was lost reached the provider.

- ConsoleTransport: no network. The "sid" is ``console-<outbox id>``; the message stays readable
  in the outbox (simulator, admin page). It logs the outbox id only: never a number or a body.
- TwilioTransport: the Twilio REST API through bot.clients.twilio.

``build_transport(config)``: SMS_TRANSPORT "console" or "twilio"; empty means twilio when
TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set, else console.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.clients.twilio import TwilioClient, config_value

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outgoing:
    """What a transport needs, detached from the database session."""

    id: int
    to: str  # E.164, no channel prefix
    body: str
    channel: str = "sms"
    segments: int = 1


class Transport(Protocol):
    name: str

    def send(self, message: Outgoing) -> str: ...

    def sent_before(self, message: Outgoing, since: datetime) -> list[str]:
        """Provider ids of this very message already delivered since ``since`` (newest first):
        what a crash between sending and recording left unknown."""
        ...


class ConsoleTransport:
    name = "console"

    def send(self, message: Outgoing) -> str:
        log.info("console transport: outbox %s delivered locally (no network)", message.id)
        return f"console-{message.id}"

    def sent_before(self, message: Outgoing, since: datetime) -> list[str]:
        return []  # nothing ever left this machine: sending again is safe


class TwilioTransport:
    name = "twilio"

    def __init__(self, client: TwilioClient):
        self.client = client

    def send(self, message: Outgoing) -> str:
        return self.client.send_message(message.to, message.body, message.channel)

    def sent_before(self, message: Outgoing, since: datetime) -> list[str]:
        return self.client.sent_to(message.to, message.body, since, message.channel)


def build_transport(config) -> Transport:
    """The transport the configuration asks for (a Config class or Flask's app.config)."""
    choice = (config_value(config, "SMS_TRANSPORT") or "").strip().lower()
    if not choice:
        has_credentials = config_value(config, "TWILIO_ACCOUNT_SID") and \
            config_value(config, "TWILIO_AUTH_TOKEN")
        choice = "twilio" if has_credentials else "console"
    if choice == "console":
        return ConsoleTransport()
    if choice == "twilio":
        return TwilioTransport(TwilioClient.from_config(config))  # ValueError if incomplete
    raise ValueError(f"SMS_TRANSPORT must be 'console', 'twilio' or empty, not {choice!r}")
