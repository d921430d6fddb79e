"""Helpers for conversation tests through the real Rasa and action server."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from uuid import uuid4
from xml.etree import ElementTree

from models import Event, EventTitle, Resource, Rsvp, School
from tests.factories import make_family, make_school, send_sms


def texts(resp) -> list[str]:
    assert resp.status_code == 200, resp.data
    root = ElementTree.fromstring(resp.data)  # noqa: S314 (our own TwiML)
    return [m.text or "" for m in root.iter("Message")]


class Family:
    """A family on the live database, texting through the signed Twilio webhook."""

    def __init__(self, app, language="es", children=("Sofia",), phone="+19165550101",
                 name="Maria Lopez", school_id: int | None = None):
        """``school_id``: the family's school (another family's), else a new one."""
        self.app = app
        self.language = language
        self.phone = phone
        self.client = app.test_client()
        with app.extensions["db"].session() as s:
            school = s.get(School, school_id) if school_id else \
                make_school(s, start_time=time(8, 0), end_time=time(14, 30))
            guardian = make_family(s, school=school, phone=phone, language=language,
                                   guardian_name=name, children=children)
            self.guardian_id = guardian.id
            self.school_id = school.id
            self.children = {c.first_name: c.id for c in guardian.students}

    def says(self, body: str) -> list[str]:
        return texts(send_sms(self.client, body, sender=self.phone))

    def invite(self, title="Ready, Set, Succeed!", days_ahead=3, childcare=True) -> int:
        with self.app.extensions["db"].session() as s:
            event = Event(school_id=self.school_id, title=title, code=f"rss-{uuid4().hex[:8]}",
                          starts_at=datetime.now(UTC) + timedelta(days=days_ahead),
                          childcare=childcare)
            s.add(event)
            s.flush()
            if self.language != "en":  # as staff would have it: the title in their language
                s.add(EventTitle(event_id=event.id, language=self.language, text=title))
            s.add(Rsvp(event_id=event.id, guardian_id=self.guardian_id, answer="invited"))
            return event.id

    def add_resources(self) -> None:
        rows = [("food_bank", "food", "Sacramento Food Bank", "+19164568304"),
                ("rydefree", "transportation", "RydeFreeRT", None),
                ("clothes", "clothing", "Clothes Closet", "+19162776892")]
        with self.app.extensions["db"].session() as s:
            for key, kind, name, phone in rows:
                s.add(Resource(key=key, resource_type=kind, name=name, phone=phone,
                               url="https://example.org"))
