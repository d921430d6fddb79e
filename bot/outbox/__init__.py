"""The outbound path: every message to a family is an outbox row first (``enqueue``, in the
caller's transaction), then a sender delivers it (``drain``, run by the clock every 5 s) through
a transport (console or Twilio), honouring opt-outs, quiet hours, a rate limit and retries."""

from bot.outbox.enqueue import enqueue
from bot.outbox.quiet_hours import next_allowed
from bot.outbox.sender import drain
from bot.outbox.transports import ConsoleTransport, Outgoing, TwilioTransport, build_transport

__all__ = ["ConsoleTransport", "Outgoing", "TwilioTransport", "build_transport", "drain",
           "enqueue", "next_allowed"]
