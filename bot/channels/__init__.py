"""Channels: thin Flask routes that validate a request, build an ``Inbound`` and call
``bot.inbound.handle`` (Twilio SMS/MMS/WhatsApp, the family web chat, the staff simulator)."""
