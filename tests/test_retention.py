"""Retention: bodies older than RETENTION_DAYS are erased, ShowUp's and Rasa's; the records
made from them stay; nothing still waiting to be sent is touched."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, text

from admin.inbox import message_view
from bot.outbox import enqueue
from bot.retention import erase_old_bodies, erase_old_tracker_events
from config import Config
from models import AbsenceReport, Message, OutboxMessage
from scheduler import registry
from tests.factories import add_conversation, make_family

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
OLD = NOW - timedelta(days=400)


def test_old_bodies_are_erased_and_records_stay(app):
    with app.extensions["db"].session() as s:
        guardian = make_family(s)
        conv = add_conversation(s, guardian, state="bot",
                                messages=[("Sofía está enferma", "es", "Sofia is sick")])
        old, new = conv.messages[0], Message(conversation_id=conv.id, direction="in",
                                             body="hoy llega tarde", language="es",
                                             created_at=NOW - timedelta(days=3))
        old.created_at = OLD
        photo = Message(conversation_id=conv.id, direction="in", body="", created_at=OLD,
                        media=[{"url": "https://api.twilio.com/x.jpg",
                                "content_type": "image/jpeg"}])
        s.add_all([new, photo])
        s.add(AbsenceReport(student_id=guardian.students[0].id, day=OLD.date(),
                            reason="illness", message_id=old.id))
        sent = enqueue(s, key="old:sent", guardian=guardian, body="Gracias", kind="reply",
                       now=OLD)
        sent.status = "sent"
        waiting = enqueue(s, key="old:queued", guardian=guardian, body="Mañana", kind="reply",
                          now=OLD)
        s.flush()
        counts = erase_old_bodies(s, NOW, 365)
        assert counts == {"messages": 2, "outbox": 1}
        s.expire_all()
        assert (old.body, old.translation_en, photo.media) == ("", None, [])
        assert new.body == "hoy llega tarde"
        assert s.get(OutboxMessage, sent.id).body == ""
        assert s.get(OutboxMessage, waiting.id).body == "Mañana"  # not sent yet: kept
        report = s.query(AbsenceReport).one()
        assert (report.reason, report.message_id) == ("illness", old.id)
        assert erase_old_bodies(s, NOW, 365) == {"messages": 0, "outbox": 0}


def test_old_rasa_tracker_events_are_deleted(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    assert erase_old_tracker_events(url, NOW, 365) == 0  # Rasa has not run yet: no table
    engine = create_engine(url)
    with engine.begin() as conn:  # the columns Rasa 3.6's SQLTrackerStore creates
        conn.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, "
                          "type_name TEXT, timestamp FLOAT, intent_name TEXT, "
                          "action_name TEXT, data TEXT)"))
        for ts, body in ((OLD.timestamp(), "Sofía está enferma"), (NOW.timestamp(), "hola")):
            conn.execute(text("INSERT INTO events (sender_id, type_name, timestamp, data) "
                              "VALUES ('conv-1', 'user', :ts, :data)"),
                         {"ts": ts, "data": f'{{"text": "{body}"}}'})
    assert erase_old_tracker_events(url, NOW, 365) == 1
    with engine.connect() as conn:
        assert conn.execute(text("SELECT data FROM events")).scalars().all() == [
            '{"text": "hola"}']
    engine.dispose()


def test_the_retention_job_is_on_the_clock(app, tmp_path, monkeypatch):
    monkeypatch.setattr(Config, "RASA_TRACKER_URL", f"sqlite:///{tmp_path / 'none.db'}")
    job = registry.JOBS["retention"]
    assert job.func == "scheduler.jobs:retention" and job.when == {"hour": 2, "minute": 30}
    counts = registry.run("retention", at=NOW, db=app.extensions["db"])
    assert counts == {"messages": 0, "outbox": 0, "rasa_events": 0}


def test_staff_see_that_an_old_text_was_erased_not_that_it_was_empty():
    old = Message(direction="in", body="", media=[], language="es", created_at=OLD)
    empty_today = Message(direction="in", body="", media=[], language="es",
                          created_at=NOW - timedelta(minutes=1))
    assert message_view(old, {}, NOW).erased
    assert not message_view(empty_today, {}, NOW).erased
