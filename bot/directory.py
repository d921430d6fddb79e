"""The resource directory: the entry to offer a family for a need, as a render-ready value
(bot.messages.render picks the description in the family's language)."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models import Resource


def find_resource(session: Session, resource_type: str, school_id: int | None) -> dict | None:
    """The school's own entry for this type if it has one, else the district-wide one, as
    ``{"resource": {...}}`` for bot.messages.render; None when the directory has nothing of that
    type."""
    row = session.scalar(
        select(Resource)
        .where(Resource.resource_type == resource_type,
               or_(Resource.school_id == school_id, Resource.school_id.is_(None)))
        .order_by(Resource.school_id.is_(None), Resource.id)
    )
    if row is None:
        return None
    return {"resource": {"resource_type": row.resource_type, "name": row.name,
                         "phone": row.phone, "address": row.address, "url": row.url,
                         "descriptions": {d.language: d.text for d in row.descriptions}}}
