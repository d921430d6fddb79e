"""One client module per outside service, each with typed exceptions: Rasa (``rasa``), Twilio's
Messages API (``twilio``), machine translation (``translation``)."""
