"""Phone numbers: normalization to E.164 (US default region), and how a family reads one."""

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


def display(phone: str | None) -> str:
    """How a phone number is written in a text to a family: "(916) 456-1980" for a US number
    (what parents recognise, and basic phones still dial it), anything else unchanged."""
    if phone and phone.startswith("+1") and len(phone) == 12 and phone[1:].isdigit():
        return f"({phone[2:5]}) {phone[5:8]}-{phone[8:]}"
    return phone or ""
