"""Production's Rasa, twice: two Rasa processes on flows/endpoints.production.yml (trackers in
PostgreSQL, locks in Redis) serving one stream of conversations, each family's messages
alternating between them, several families at once — no turn lost or taken out of order: each
dialogue continues on the other instance where it stopped, and two messages of one family sent
to both instances at the same moment are both taken, one after the other.

Runs in the PostgreSQL run of .ci/run (ShowUp on PostgreSQL too, as in production)."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import select

from bot.clients.rasa import RasaClient
from bot.inbound import Inbound, Pipeline, rasa_sender_id
from bot.messages.render import render
from bot.nlu import rasa_process
from config import ROOT
from models import AbsenceReport, Conversation, Message
from tests.factories import make_family, make_school

pytestmark = pytest.mark.postgres
PG_ADMIN = os.environ.get("CI_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
TRACKER_DB = "rasa_two_instances_test"
FAMILIES = 6
SICK = "hôm nay con bị ốm, không đi học được"


@pytest.fixture(scope="module")
def two_rasa(model_path, action_server, live_database_url, tmp_path_factory):
    if not live_database_url.startswith("postgresql"):
        pytest.skip("runs with ShowUp on PostgreSQL (TEST_DATABASE_URL), as in production")
    psycopg = pytest.importorskip("psycopg")
    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {TRACKER_DB}")
        conn.execute(f"CREATE DATABASE {TRACKER_DB}")
    env = {"ACTIONS_URL": f"{action_server}/webhook", "RASA_DB_HOST": "127.0.0.1",
           "RASA_DB_PORT": "5432", "RASA_DB_NAME": TRACKER_DB, "RASA_DB_USER": "postgres",
           "RASA_DB_PASSWORD": "", "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379",
           "REDIS_LOCK_DB": "3"}
    production = ROOT / "flows" / "endpoints.production.yml"
    with rasa_process.rasa_server(tmp_path_factory.mktemp("rasa_a"), model_path,
                                  endpoints=production, env=env) as (first, _), \
            rasa_process.rasa_server(tmp_path_factory.mktemp("rasa_b"), model_path,
                                     endpoints=production, env=env) as (second, _):
        yield first, second


def _pipelines(app, urls) -> list[Pipeline]:
    """One pipeline per Rasa instance, on the app's database (as two web processes would)."""
    pipelines = []
    for url in urls:
        pipeline = Pipeline.from_config(app.extensions["db"], app.config)
        pipeline.rasa = RasaClient(url, 60)
        pipelines.append(pipeline)
    return pipelines


def test_families_alternating_between_two_rasa_lose_no_turn(live_app, two_rasa):
    pipelines = _pipelines(live_app, two_rasa)
    with live_app.extensions["db"].session() as s:
        school = make_school(s)
        families = [make_family(s, school=school, phone=f"+19165550{n:03d}", language="vi",
                                guardian_name=f"Parent {n}", children=("Bao", "Vy"))
                    for n in range(FAMILIES)]
        family_ids = [(g.phone, {c.first_name: c.id for c in g.students}) for g in families]
    asked = render({"template": "ask_child", "vars": {"children": {"list": ["Bao", "Vy"]}}},
                   "vi")

    def dialogue(n: int) -> list[list[str]]:
        phone, _ = family_ids[n]
        # Even families start on the first instance, odd ones on the second; the answer goes
        # to the other one, which must read the dialogue the first one left in the tracker.
        first, second = (pipelines[n % 2], pipelines[1 - n % 2])
        return [first.handle(Inbound("sms", phone, SICK, provider_id=f"SMa{n:030d}")).texts,
                second.handle(Inbound("sms", phone, "Bao", provider_id=f"SMb{n:030d}")).texts]

    with ThreadPoolExecutor(FAMILIES) as pool:
        answers = list(pool.map(dialogue, range(FAMILIES)))
    assert all(first == [asked] for first, _ in answers), answers
    with live_app.extensions["db"].session() as s:
        reports = {(r.student_id, r.reason) for r in s.scalars(select(AbsenceReport))}
        statuses = s.scalars(select(Message.status).where(Message.direction == "in")).all()
    assert reports == {(children["Bao"], "illness") for _, children in family_ids}
    assert statuses == ["received"] * (2 * FAMILIES)


def test_two_messages_of_one_family_at_once_on_both_instances_are_both_taken(live_app,
                                                                             two_rasa):
    pipelines = _pipelines(live_app, two_rasa)
    with live_app.extensions["db"].session() as s:
        family = make_family(s, school=make_school(s), phone="+19165550999", language="vi",
                             children=("Bao", "Vy"))
        phone = family.phone
    start = threading.Barrier(2)

    def send(i: int) -> list[str]:
        start.wait()
        return pipelines[i].handle(Inbound("sms", phone, ("xin chào", "cảm ơn")[i],
                                           provider_id=f"SMc{i:030d}")).texts

    with ThreadPoolExecutor(2) as pool:
        replies = list(pool.map(send, range(2)))
    assert all(replies), replies  # both answered: neither turn was dropped
    with live_app.extensions["db"].session() as s:
        conv = s.scalar(select(Conversation).where(Conversation.phone == phone))
        sender = rasa_sender_id(conv)
    tracker = requests.get(f"{two_rasa[0]}/conversations/{sender}/tracker", timeout=30).json()
    said = [e["text"] for e in tracker["events"] if e["event"] == "user"]
    assert sorted(said) == ["cảm ơn", "xin chào"]  # both in the one shared tracker
