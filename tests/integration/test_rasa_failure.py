"""Rasa killed in the middle of a conversation: the family still gets the localized fallback,
the conversation goes to staff, and no message is lost. Uses its own Rasa process (the shared
one must stay up for the other tests)."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from bot.messages.render import render
from bot.nlu import rasa_process
from models import Conversation, Message
from tests.integration.helpers import Family

pytestmark = pytest.mark.rasa


@pytest.fixture
def own_rasa(action_server, model_path, tmp_path):
    with rasa_process.rasa_server(tmp_path, model_path, action_server) as (url, proc):
        yield url, proc


def test_rasa_killed_mid_conversation(live_app, own_rasa):
    url, proc = own_rasa
    live_app.extensions["pipeline"].rasa.url = url
    live_app.extensions["pipeline"].rasa.timeout = 30
    family = Family(live_app, language="vi", children=("Bao", "Vy"))
    first = family.says("hôm nay con bị ốm, không đi học được")
    assert first == [render({"template": "ask_child", "vars": {
        "children": {"list": ["Bao", "Vy"]}}}, "vi")]

    proc.kill()
    proc.wait(timeout=30)
    live_app.extensions["pipeline"].rasa.timeout = 3
    second = family.says("Bao")
    assert second == [render({"template": "received_followup"}, "vi")]

    with live_app.extensions["db"].session() as s:
        conv = s.scalar(select(Conversation))
        bodies = [m.body for m in s.scalars(select(Message).where(
            Message.direction == "in").order_by(Message.id))]
    assert conv.state == "waiting" and conv.handoff_reason == "bot_unavailable"
    assert bodies == ["hôm nay con bị ốm, không đi học được", "Bao"]


def test_back_with_the_bot_when_rasa_answers_again(live_app):
    """Rasa unreachable: the family gets the fallback and staff the conversation; once Rasa is
    back, the clock's bot_return job gives the conversation back to the bot, which answers the
    message it missed — the absence is recorded and the confirmation queued in Spanish."""
    from models import AbsenceReport, OutboxMessage
    from scheduler import jobs

    pipeline = live_app.extensions["pipeline"]
    real_url, pipeline.rasa.url = pipeline.rasa.url, "http://127.0.0.1:9"  # nothing listens
    family = Family(live_app, language="es", children=("Sofia",))
    assert family.says("Sofia está enferma hoy, tiene fiebre") == [
        render({"template": "received_followup"}, "es")]
    pipeline.rasa.url = real_url

    result = jobs.bot_return(db=live_app.extensions["db"], pipeline=pipeline)
    assert result.queued >= 1
    with live_app.extensions["db"].session() as s:
        conv = s.scalar(select(Conversation))
        report = s.scalar(select(AbsenceReport))
        late = s.scalars(select(OutboxMessage).where(OutboxMessage.kind == "reply")).all()
    assert conv.state == "bot" and conv.handoff_reason is None
    assert report.student_id == family.children["Sofia"] and report.reason == "illness"
    assert late and all(row.language == "es" and row.to == family.phone for row in late)
    assert any("Sofia" in row.body for row in late)


def test_rasa_sigkilled_mid_conversation_then_back(live_app, action_server, model_path,
                                                   tmp_path):
    """SIGKILL in the middle of a dialogue: the family's answer is stored and gets the fallback;
    a new Rasa on the same tracker store comes up; the clock's bot_return job gives the
    conversation back to the bot, which continues the dialogue where it stopped — the absence
    is recorded for the child the parent named, and the confirmation is queued in Vietnamese."""
    from models import AbsenceReport, OutboxMessage
    from scheduler import jobs

    tracker = tmp_path / "tracker.db"
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    pipeline = live_app.extensions["pipeline"]
    family = Family(live_app, language="vi", children=("Bao", "Vy"))
    with rasa_process.rasa_server(tmp_path / "first", model_path, action_server,
                                  tracker_db=tracker) as (url, proc):
        pipeline.rasa.url, pipeline.rasa.timeout = url, 30
        assert family.says("hôm nay con bị ốm, không đi học được") == [render(
            {"template": "ask_child", "vars": {"children": {"list": ["Bao", "Vy"]}}}, "vi")]
        proc.kill()  # SIGKILL
        proc.wait(timeout=30)
        pipeline.rasa.timeout = 3
        assert family.says("Bao") == [render({"template": "received_followup"}, "vi")]
    with rasa_process.rasa_server(tmp_path / "second", model_path, action_server,
                                  tracker_db=tracker) as (url, _):
        pipeline.rasa.url, pipeline.rasa.timeout = url, 30
        result = jobs.bot_return(db=live_app.extensions["db"], pipeline=pipeline)
    assert result.queued >= 1
    with live_app.extensions["db"].session() as s:
        conv = s.scalar(select(Conversation))
        report = s.scalar(select(AbsenceReport))
        late = s.scalars(select(OutboxMessage).where(OutboxMessage.kind == "reply")).all()
        statuses = s.scalars(select(Message.status).where(Message.direction == "in")
                             .order_by(Message.id)).all()
    assert conv.state == "bot" and statuses == ["received", "answered_late"]
    assert (report.student_id, report.reason) == (family.children["Bao"], "illness")
    assert late and all(row.language == "vi" for row in late)


def test_action_server_killed_then_back(live_app, live_database_url, model_path, tmp_path):
    """The action server SIGKILLed: Rasa cannot run the bot's actions, so nothing half-done is
    recorded; the family gets the localized fallback and staff the conversation. With an action
    server (and Rasa) back, bot_return answers the message: the absence is recorded once."""
    from models import AbsenceReport
    from scheduler import jobs

    for name in ("actions1", "actions2", "rasa1", "rasa2"):
        (tmp_path / name).mkdir()
    tracker = tmp_path / "tracker.db"
    pipeline = live_app.extensions["pipeline"]
    family = Family(live_app, language="es", children=("Sofia",))
    with rasa_process.action_server(tmp_path / "actions1", live_database_url) as actions, \
            rasa_process.rasa_server(tmp_path / "rasa1", model_path, actions,
                                     tracker_db=tracker) as (url, _):
        pipeline.rasa.url, pipeline.rasa.timeout = url, 30
        assert family.says("hola") != [render({"template": "received_followup"}, "es")]
        port = actions.rsplit(":", 1)[1]
        pids = subprocess.run(["pgrep", "-f", f"rasa_sdk --actions bot.actions --port {port}"],
                              capture_output=True, text=True).stdout.split()
        assert len(pids) == 1
        # Sanic serves from a worker process under the main one: kill them all.
        workers = subprocess.run(["pgrep", "-P", pids[0]], capture_output=True,
                                 text=True).stdout.split()
        for pid in [pids[0], *workers]:
            os.kill(int(pid), signal.SIGKILL)
        assert family.says("Sofia está enferma hoy, tiene fiebre") == [
            render({"template": "received_followup"}, "es")]
    with live_app.extensions["db"].session() as s:
        assert s.scalar(select(AbsenceReport.id)) is None  # nothing half-recorded
    with rasa_process.action_server(tmp_path / "actions2", live_database_url) as actions, \
            rasa_process.rasa_server(tmp_path / "rasa2", model_path, actions,
                                     tracker_db=tracker) as (url, _):
        pipeline.rasa.url = url
        assert jobs.bot_return(db=live_app.extensions["db"], pipeline=pipeline).queued >= 1
    with live_app.extensions["db"].session() as s:
        reports = s.scalars(select(AbsenceReport)).all()
        conv = s.scalar(select(Conversation))
    assert [(r.student_id, r.reason) for r in reports] == [(family.children["Sofia"], "illness")]
    assert conv.state == "bot"


def test_rasa_sigkilled_under_load_then_back(live_app, action_server, model_path, tmp_path):
    """Six families answer "which child?" at once and Rasa is SIGKILLed while their turns are
    under way. Every message is stored; each family gets the bot's answer or the localized
    fallback; with Rasa back on the same tracker store, bot_return gives every conversation
    handed over for the outage back to the bot and answers what it missed by SMS — each absence
    recorded once, for the child the parent named. (Which turns finish before the kill varies
    from run to run; what each family ends with does not.)"""
    from models import AbsenceReport, OutboxMessage
    from scheduler import jobs

    tracker = tmp_path / "tracker.db"
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    pipeline = live_app.extensions["pipeline"]
    families = [Family(live_app, language="vi", children=("Bao", "Vy"), name="Parent 0",
                       phone="+19165550000")]
    families += [Family(live_app, language="vi", children=("Bao", "Vy"), name=f"Parent {n}",
                        phone=f"+1916555{n:04d}", school_id=families[0].school_id)
                 for n in range(1, 6)]
    fallback = render({"template": "received_followup"}, "vi")
    with rasa_process.rasa_server(tmp_path / "first", model_path, action_server,
                                  tracker_db=tracker) as (url, proc):
        pipeline.rasa.url, pipeline.rasa.timeout = url, 30
        with ThreadPoolExecutor(len(families)) as pool:
            asked = list(pool.map(lambda f: f.says("hôm nay con bị ốm, không đi học được"),
                                  families))
            assert all(a == [render({"template": "ask_child", "vars": {
                "children": {"list": ["Bao", "Vy"]}}}, "vi")] for a in asked)
            pipeline.rasa.timeout = 5
            sent, real_send = threading.Semaphore(0), pipeline.rasa.send

            def send(*args, **kwargs):
                sent.release()  # this family's answer is stored and going to Rasa
                return real_send(*args, **kwargs)

            pipeline.rasa.send = send
            answers = [pool.submit(f.says, "Bao") for f in families]
            for _ in families:
                assert sent.acquire(timeout=30)
            proc.kill()  # SIGKILL, with the six turns on their way or under way
            replies = [a.result(60) for a in answers]
        proc.wait(timeout=30)
    assert all(r == [fallback] or (r and fallback not in r) for r in replies)
    with rasa_process.rasa_server(tmp_path / "second", model_path, action_server,
                                  tracker_db=tracker) as (url, _):
        pipeline.rasa.url, pipeline.rasa.timeout = url, 30
        jobs.bot_return(db=live_app.extensions["db"], pipeline=pipeline)
    with live_app.extensions["db"].session() as s:
        for family, reply in zip(families, replies, strict=True):
            conv = s.scalar(select(Conversation).where(Conversation.phone == family.phone))
            statuses = s.scalars(select(Message.status).where(
                Message.conversation_id == conv.id, Message.direction == "in")
                .order_by(Message.id)).all()
            reports = s.scalars(select(AbsenceReport).where(
                AbsenceReport.student_id.in_(family.children.values()))).all()
            late = s.scalars(select(OutboxMessage).where(
                OutboxMessage.conversation_id == conv.id, OutboxMessage.kind == "reply")).all()
            assert conv.state == "bot", family.phone
            assert [(r.student_id, r.reason) for r in reports] == [
                (family.children["Bao"], "illness")], family.phone
            if reply == [fallback]:  # answered by SMS once Rasa was back
                assert statuses == ["received", "answered_late"] and late
                assert all(row.language == "vi" for row in late)
            else:                    # answered before the kill
                assert statuses == ["received", "received"] and not late
