"""Database ids in URLs and query strings.

Ids are PostgreSQL ``integer`` columns: 1 to 2,147,483,647. Flask's ``int`` converter accepts any
length of digits, and a 30-digit id reached the database and failed there (SQLite: "Python int
too large", 500). ``<id:name>`` in a route (registered by ``init_ids``) accepts only real ids, so
anything else is a 404 before any query; ``parse_id`` does the same for a query string or form
value (None when it is not an id).
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """A positive database id; anything else does not match the route (404)."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 (werkzeug's signature)
        super().__init__(map, min=1, max=MAX_ID)


def parse_id(value) -> int | None:
    """``value`` as a database id, or None ("abc", "-3", "0", a 30-digit number)."""
    text = str(value if value is not None else "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def init_ids(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter
