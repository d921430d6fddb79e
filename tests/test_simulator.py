"""The simulator: staff text the bot as a guardian of their schools; the message goes through
the real pipeline (here with a fake Rasa that acts like the action server) and the side panel
shows what the bot recorded."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.actions.absence_record import record
from models import AbsenceReport, AuditEvent, Conversation, Guardian, Message
from tests.factories import FakeRasa, login, make_family, make_school, make_staff, post


class ActingRasa(FakeRasa):
    """Like Rasa plus the action server: an absence report is stored for the guardian's child
    in the shared database (with bot.actions' own ``record``), then the act is returned."""

    def __init__(self, db):
        super().__init__(acts=[{"template": "absence_recorded",
                                "vars": {"child": {"list": ["Sofía"]},
                                         "dates": {"dates": ["2026-09-14"]}}}])
        self.db = db

    def send(self, sender, text, metadata, timeout=None):
        with self.db.session() as session:
            guardian = session.get(Guardian, metadata["guardian_id"])
            record(session, [s.id for s in guardian.students], [date(2026, 9, 14)], "absence",
                   "illness", guardian.id, metadata["message_id"])
        return super().send(sender, text, metadata, timeout)


def _setup(session):
    a = make_school(session, code="AAA", name="Alder Elementary")
    b = make_school(session, code="BBB", name="Birch Elementary")
    maria = make_family(session, school=a, phone="+19165550101", language="es",
                        guardian_name="Maria Lopez", children=("Sofía",))
    other = make_family(session, school=b, phone="+19165550102", language="en",
                        guardian_name="Olivia Other", children=("Oscar",), last_name="Other")
    make_staff(session, "clerk.a@school.org", schools=[a])
    session.commit()
    return maria.id, other.id


def test_a_simulated_text_goes_through_the_pipeline(app, client, session):
    maria, _ = _setup(session)
    rasa = ActingRasa(app.extensions["db"])
    app.extensions["pipeline"].rasa = rasa
    login(client, "clerk.a@school.org")

    page = client.get("/admin/simulator", query_string={"q": "mar"}).get_data(as_text=True)
    assert "Maria Lopez" in page
    page = client.get("/admin/simulator", query_string={"guardian": maria})
    assert "No messages yet" in page.get_data(as_text=True)

    resp = post(client, "/admin/simulator", guardian=str(maria), text="Sofía está enferma hoy")
    assert resp.status_code == 302 and f"guardian={maria}" in resp.headers["Location"]
    assert len(rasa.sent) == 1
    assert rasa.sent[0]["metadata"]["guardian_id"] == maria
    assert rasa.sent[0]["metadata"]["language"] == "es"

    html = client.get("/admin/simulator", query_string={"guardian": maria}).get_data(
        as_text=True)
    assert "Sofía está enferma hoy" in html  # the guardian's text
    assert "Sofía" in html and "simulated" in html
    assert "Mon Sep 14 · Sofía · absence · illness" in html  # the side panel, from the DB
    assert "with the bot" in html  # conversation state

    report = session.scalar(select(AbsenceReport))
    assert (report.day, report.reason, report.guardian_id) == (date(2026, 9, 14), "illness",
                                                               maria)
    inbound = session.scalar(select(Message).where(Message.direction == "in"))
    assert inbound.provider_id.startswith("sim:") and inbound.channel == "sms"
    reply = session.scalar(select(Message).where(Message.direction == "out"))
    assert "Sofía" in reply.body and reply.body in html  # the bot's reply, rendered in Spanish
    conv = session.scalar(select(Conversation))
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "simulate")).all()
    assert [(e.subject_type, e.subject_id, e.details["conversation_id"]) for e in events] == [
        ("guardian", maria, conv.id)]
    reads = session.scalars(select(AuditEvent).where(
        AuditEvent.action == "read_conversation")).all()
    assert reads and all(e.subject_id == conv.id for e in reads)


def test_simulator_is_limited_to_your_schools(app, client, session, fake_rasa):
    _, other = _setup(session)
    login(client, "clerk.a@school.org")
    assert "Olivia Other" not in client.get("/admin/simulator").get_data(as_text=True)
    assert client.get("/admin/simulator", query_string={"guardian": other}).status_code == 404
    resp = post(client, "/admin/simulator", guardian=str(other), text="hello")
    assert resp.status_code == 404
    assert fake_rasa.sent == []
    assert session.scalar(select(Message)) is None


def test_simulator_needs_a_staff_login(client, session):
    _setup(session)
    assert client.get("/admin/simulator").status_code == 302
