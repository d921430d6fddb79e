"""Phone number normalization to E.164 (US default region)."""

from __future__ import annotations

import phonenumbers


class InvalidPhone(ValueError):
    pass


def to_e164(raw: str | None, region: str = "US") -> str:
    """Return ``raw`` as E.164 ("+19165550101"); raise InvalidPhone when it is not a valid number.

    Accepts any common US format ("(916) 555-0101", "916.555.0101", "1-916-555-0101") and
    international numbers written with "+". A ``whatsapp:`` prefix is removed."""
    text = (raw or "").strip()
    if text.lower().startswith("whatsapp:"):
        text = text[len("whatsapp:"):]
    if not text:
        raise InvalidPhone("empty phone number")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(f"not a phone number: {exc}") from None
    if not phonenumbers.is_possible_number(number):
        raise InvalidPhone("wrong number of digits")
    # Fictional 555-01XX numbers (demo data) are "possible" but not "valid": accept them.
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
