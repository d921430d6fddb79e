"""The outbox: enqueue (idempotent, in the caller's transaction, suppression), drain (claiming,
opt-out at send time, retries with backoff, Twilio error codes, pacing), status callbacks,
transport choice and the clock job. A fake transport stands in for Twilio; the database is
real (SQLite, or PostgreSQL with TEST_DATABASE_URL). Nothing sleeps: pacing uses a fake clock."""

import logging
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from bot.clients.twilio import TwilioPermanentError, TwilioTemporaryError
from bot.delivery_status import record_status
from bot.opt_out import opt_out
from bot.outbox import ConsoleTransport, TwilioTransport, build_transport, drain, enqueue
from bot.outbox.enqueue import Draft, enqueue_many
from models import Guardian, OutboxMessage
from tests.conftest import IS_POSTGRES
from tests.factories import TWILIO_TOKEN, make_family, sign

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)  # 10:00 in Los Angeles: outside quiet hours
PHONE = "+19165550101"


def as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class FakeTransport:
    """Records what it is asked to send; ``errors`` are raised in turn (None = success)."""

    name = "fake"

    def __init__(self, errors=(), always=None, delivered=None):
        self.sent: list[int] = []
        self.errors = list(errors)
        self.always = always
        self.delivered = delivered  # what sent_before answers: a list of SIDs, or an error

    def sent_before(self, message, since):
        if isinstance(self.delivered, Exception):
            raise self.delivered
        return self.delivered(message) if callable(self.delivered) else []

    def send(self, message):
        self.sent.append(message.id)
        error = self.errors.pop(0) if self.errors else self.always
        if error is not None:
            raise error
        return f"SM{message.id:032x}"


@pytest.fixture
def db(app):
    return app.extensions["db"]


@pytest.fixture
def family(db):
    with db.session() as s:
        return make_family(s).id


def queue(db, guardian_id, key, body="Hola, ¿cómo está Sofía?", now=NOW, **kw) -> int:
    with db.session() as s:
        row = enqueue(s, key=key, guardian=s.get(Guardian, guardian_id), body=body,
                      kind=kw.pop("kind", "reply"), now=now, **kw)
        return row.id


def get(db, model, ident):
    with db.session() as s:
        return s.get(model, ident)


def count_rows(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(OutboxMessage))


# --- enqueue -------------------------------------------------------------------------------
def test_enqueue_stores_a_queued_row_with_its_segments(db, family):
    row = get(db, OutboxMessage, queue(db, family, "reply:1", body="x" * 161))
    assert (row.status, row.to, row.channel, row.language, row.kind) == \
        ("queued", PHONE, "sms", "es", "reply")
    assert row.segments == 2  # GSM-7: 161 characters do not fit in 160
    assert as_utc(row.not_before) == NOW and row.attempts == 0
    unicode_row = get(db, OutboxMessage, queue(db, family, "reply:2", body="Cảm ơn " * 11))
    assert unicode_row.segments == 2  # Vietnamese is UCS-2: 77 characters > 70


def test_same_key_twice_returns_the_existing_row_and_keeps_the_transaction_usable(db, family):
    with db.session() as s:
        g = s.get(Guardian, family)
        first = enqueue(s, key="nudge:1:2026-11-24", guardian=g, body="first", kind="nudge",
                        now=NOW)
        again = enqueue(s, key="nudge:1:2026-11-24", guardian=g, body="second", kind="nudge",
                        now=NOW)
        assert again.id == first.id
        other = enqueue(s, key="nudge:1:2026-11-25", guardian=g, body="next day", kind="nudge",
                        now=NOW)  # the transaction still works after the duplicate
    with db.session() as s:  # and in a later transaction, after commit
        third = enqueue(s, key="nudge:1:2026-11-24", guardian=s.get(Guardian, family),
                        body="third", kind="nudge", now=NOW)
        assert third.id == first.id and third.body == "first"
    assert count_rows(db) == 2 and other.id != first.id


@pytest.mark.postgres
@pytest.mark.skipif(not IS_POSTGRES, reason="needs PostgreSQL (TEST_DATABASE_URL): concurrent "
                    "transactions on one key")
def test_concurrent_enqueue_of_one_key_waits_and_returns_the_winner(db, family):
    first = db.Session()
    winner = enqueue(first, key="invite:race", guardian=first.get(Guardian, family), body="a",
                     kind="invite", now=NOW)  # inserted, not yet committed
    result = {}

    def second():
        with db.session() as s:  # blocks on the key until the first transaction ends
            row = enqueue(s, key="invite:race", guardian=s.get(Guardian, family), body="b",
                          kind="invite", now=NOW)
            result["id"] = row.id if row is not None else None

    thread = threading.Thread(target=second)
    thread.start()
    # Commit only once the second transaction is really waiting on the key (bounded poll).
    deadline = time.monotonic() + 10
    with db.engine.connect() as conn:
        while not conn.scalar(text("SELECT count(*) FROM pg_locks WHERE NOT granted")):
            assert time.monotonic() < deadline, "the second enqueue never waited on the key"
            conn.rollback()  # a fresh snapshot of pg_locks for the next look
    first.commit()
    first.close()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert result == {"id": winner.id} and count_rows(db) == 1


def test_enqueue_rolls_back_with_the_callers_transaction(db, family):
    # The enqueue is the transaction's first write: a SAVEPOINT on SQLite would commit here.
    session = db.Session()
    try:
        enqueue(session, key="reply:rollback", guardian=session.get(Guardian, family),
                body="hola", kind="reply", now=NOW)
        session.rollback()
    finally:
        session.close()
    assert count_rows(db) == 0


@pytest.mark.parametrize("flag", ["opted_out", "phone_unreachable"])
def test_blocked_guardians_get_suppressed_rows_that_are_never_sent(db, family, flag):
    with db.session() as s:
        setattr(s.get(Guardian, family), flag, True)
    row_id = queue(db, family, "reply:blocked")
    assert get(db, OutboxMessage, row_id).status == "suppressed"
    fake = FakeTransport()
    assert drain(db, fake, now=NOW + timedelta(days=1), rate_per_second=0)["sent"] == 0
    assert fake.sent == [] and get(db, OutboxMessage, row_id).status == "suppressed"


def test_whatsapp_address_selects_the_channel_and_is_stored_bare(db, family):
    row = get(db, OutboxMessage, queue(db, family, "reply:wa", to="whatsapp:+19165550101"))
    assert (row.to, row.channel) == (PHONE, "whatsapp")


def test_enqueue_needs_a_recipient_a_body_and_a_known_channel(db):
    with db.session() as s:
        with pytest.raises(ValueError, match="guardian or a 'to'"):
            enqueue(s, key="k1", guardian=None, body="hola", kind="reply")
        with pytest.raises(ValueError, match="body"):
            enqueue(s, key="k2", guardian=None, body="", kind="reply", to=PHONE)
        with pytest.raises(ValueError, match="channel"):
            enqueue(s, key="k3", guardian=None, body="hola", kind="reply", to=PHONE,
                    channel="fax")


# --- drain ---------------------------------------------------------------------------------
def test_drain_sends_due_rows_urgent_first_then_oldest(db, family):
    a = queue(db, family, "reply:a")
    b = queue(db, family, "reply:b")
    c = queue(db, family, "staff:c", urgent=True)
    later = queue(db, family, "reply:later", now=NOW + timedelta(minutes=10))
    fake = FakeTransport()
    counts = drain(db, fake, now=NOW, rate_per_second=0)
    assert fake.sent == [c, a, b]
    assert counts == {"sent": 3, "retry": 0, "failed": 0, "suppressed": 0, "skipped": 0,
                      "halted": 0, "held": 0, "recovered": 0, "requeued": 0}
    row = get(db, OutboxMessage, a)
    assert (row.status, row.provider_sid, row.attempts) == ("sent", f"SM{a:032x}", 1)
    assert get(db, OutboxMessage, later).status == "queued"


def test_replies_go_before_fan_out_and_urgent_before_all(db, family):
    invitations = [queue(db, family, f"invitation:{i}", kind="invitation") for i in range(3)]
    reply = queue(db, family, "staff-reply:1", kind="staff_reply")
    urgent = queue(db, family, "staff-reply:2", kind="staff_reply", urgent=True)
    fake = FakeTransport()
    drain(db, fake, now=NOW, rate_per_second=0)
    assert fake.sent == [urgent, reply, *invitations]


def test_quiet_hours_are_checked_again_when_sending(db, family):
    afternoon = datetime(2026, 11, 24, 0, 30, tzinfo=UTC)  # 16:30 in Los Angeles
    praise = queue(db, family, "praise:1", kind="praise", now=afternoon)
    nudge = queue(db, family, "nudge:1", kind="nudge", now=afternoon)
    night = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)  # 21:00: the queue got there late
    fake = FakeTransport()
    counts = drain(db, fake, now=night, rate_per_second=0)
    assert (counts["held"], fake.sent) == (1, [nudge])  # the family chose the nudge's time
    row = get(db, OutboxMessage, praise)
    assert row.status == "queued" and as_utc(row.not_before) == datetime(
        2026, 11, 24, 15, 0, tzinfo=UTC)  # 07:00 in Los Angeles
    assert drain(db, fake, now=as_utc(row.not_before), rate_per_second=0)["sent"] == 1
    assert fake.sent == [nudge, praise]


def stuck(db, row_id, minutes_ago=5):
    with db.session() as s:
        row = s.get(OutboxMessage, row_id)
        row.status, row.claimed_at = "sending", NOW - timedelta(minutes=minutes_ago)


def test_a_send_lost_in_a_crash_is_checked_with_the_provider_not_resent(db, family):
    went, lost, fresh = (queue(db, family, f"reply:{k}", body=f"texto {k}")
                         for k in ("went", "lost", "fresh"))
    stuck(db, went)
    stuck(db, lost)
    stuck(db, fresh, minutes_ago=0)  # a sender may be sending it right now
    fake = FakeTransport(delivered=lambda m: ["SM" + "a" * 32] if m.body == "texto went" else [])
    counts = drain(db, fake, now=NOW, rate_per_second=0)
    assert (counts["recovered"], counts["requeued"], counts["sent"]) == (1, 1, 1)
    assert fake.sent == [lost]  # sent again once: the provider never had it
    row = get(db, OutboxMessage, went)
    assert (row.status, row.provider_sid, row.attempts) == ("sent", "SM" + "a" * 32, 1)
    assert get(db, OutboxMessage, fresh).status == "sending"


def test_a_lost_send_waits_while_the_provider_cannot_be_asked(db, family):
    row_id = queue(db, family, "reply:1")
    stuck(db, row_id)
    fake = FakeTransport(delivered=TwilioTemporaryError(503))
    counts = drain(db, fake, now=NOW, rate_per_second=0)
    assert (counts["recovered"], counts["requeued"], fake.sent) == (0, 0, [])
    assert get(db, OutboxMessage, row_id).status == "sending"


def test_drain_honours_the_limit(db, family):
    ids = [queue(db, family, f"reply:{i}") for i in range(3)]
    fake = FakeTransport()
    drain(db, fake, now=NOW, limit=2, rate_per_second=0)
    assert fake.sent == ids[:2]


def test_console_transport_marks_sent_and_logs_no_number_or_body(db, family, caplog):
    row_id = queue(db, family, "reply:console", body="Sofía tiene cita")
    with caplog.at_level(logging.DEBUG):
        counts = drain(db, ConsoleTransport(), now=NOW, rate_per_second=0)
    row = get(db, OutboxMessage, row_id)
    assert counts["sent"] == 1
    assert (row.status, row.provider_sid) == ("sent", f"console-{row_id}")
    assert str(row_id) in caplog.text
    assert PHONE not in caplog.text and "5550101" not in caplog.text
    assert "Sofía" not in caplog.text


def test_opt_out_after_enqueue_is_honoured_at_send_time(db, family):
    row_id = queue(db, family, "reply:stop")
    with db.session() as s:
        # The grandmother on the same phone texted STOP: Twilio blocks the number for both.
        make_family(s, phone=PHONE, guardian_name="Rosa Lopez", children=("Luis",))
        s.scalar(select(Guardian).where(Guardian.name == "Rosa Lopez")).opted_out = True
    fake = FakeTransport()
    counts = drain(db, fake, now=NOW, rate_per_second=0)
    assert counts["suppressed"] == 1 and fake.sent == []
    assert get(db, OutboxMessage, row_id).status == "suppressed"


def test_temporary_errors_back_off_exponentially_then_fail(db, family):
    row_id = queue(db, family, "reply:retry")
    fake = FakeTransport(always=TwilioTemporaryError(503))
    when = NOW
    for attempt, delay in enumerate([30, 60, 120, 240], start=1):
        assert drain(db, fake, now=when, rate_per_second=0)["retry"] == 1
        row = get(db, OutboxMessage, row_id)
        assert (row.status, row.attempts, row.error_code) == ("queued", attempt, "503")
        assert as_utc(row.not_before) == when + timedelta(seconds=delay)
        # Not due one second early: nothing is sent.
        drain(db, fake, now=when + timedelta(seconds=delay - 1), rate_per_second=0)
        assert len(fake.sent) == attempt
        when += timedelta(seconds=delay)
    assert drain(db, fake, now=when, rate_per_second=0)["failed"] == 1
    row = get(db, OutboxMessage, row_id)
    assert (row.status, row.attempts) == ("failed", 5)
    drain(db, fake, now=when + timedelta(days=1), rate_per_second=0)
    assert len(fake.sent) == 5


def test_a_temporary_error_ends_the_pass(db, family):
    first, second = queue(db, family, "reply:1"), queue(db, family, "reply:2")
    fake = FakeTransport(errors=[TwilioTemporaryError(429)])
    counts = drain(db, fake, now=NOW, rate_per_second=0)
    assert (counts["retry"], counts["sent"]) == (1, 0) and fake.sent == [first]
    assert get(db, OutboxMessage, second).attempts == 0
    drain(db, fake, now=NOW, rate_per_second=0)  # the next pass sends the one still due
    assert fake.sent == [first, second]


def test_an_unexpected_exception_is_retried_not_left_sending(db, family):
    row_id = queue(db, family, "reply:bug")
    counts = drain(db, FakeTransport(errors=[RuntimeError("boom")]), now=NOW, rate_per_second=0)
    row = get(db, OutboxMessage, row_id)
    assert counts["retry"] == 1 and (row.status, row.attempts) == ("queued", 1)


def test_21610_marks_every_guardian_on_the_phone_opted_out(db, family):
    with db.session() as s:
        make_family(s, phone=PHONE, guardian_name="Rosa Lopez", children=("Luis",))
    first, second = queue(db, family, "reply:1"), queue(db, family, "reply:2")
    fake = FakeTransport(errors=[TwilioPermanentError(21610, 400)])
    counts = drain(db, fake, now=NOW, rate_per_second=0)
    assert counts["suppressed"] == 2 and fake.sent == [first]  # the second is never sent
    row = get(db, OutboxMessage, first)
    assert (row.status, row.error_code, row.provider_sid) == ("suppressed", "21610", None)
    assert get(db, OutboxMessage, second).status == "suppressed"
    with db.session() as s:
        guardians = s.scalars(select(Guardian).where(Guardian.phone == PHONE)).all()
        assert len(guardians) == 2
        assert all(g.opted_out and g.opted_out_at is not None for g in guardians)
        assert not any(g.phone_unreachable for g in guardians)


@pytest.mark.parametrize("code", [21211, 21614, 21635])
def test_invalid_or_landline_number_marks_the_phone_unreachable(db, family, code):
    row_id = queue(db, family, "reply:bad")
    drain(db, FakeTransport(errors=[TwilioPermanentError(code, 400)]), now=NOW,
          rate_per_second=0)
    row = get(db, OutboxMessage, row_id)
    assert (row.status, row.error_code) == ("failed", str(code))
    guardian = get(db, Guardian, family)
    assert guardian.phone_unreachable and not guardian.opted_out


def test_other_permanent_errors_fail_only_the_row(db, family):
    first, second = queue(db, family, "reply:1"), queue(db, family, "reply:2")
    fake = FakeTransport(errors=[TwilioPermanentError(21612, 400)])  # To/From combination
    counts = drain(db, fake, now=NOW, rate_per_second=0)
    assert (counts["failed"], counts["sent"]) == (1, 1) and fake.sent == [first, second]
    assert get(db, OutboxMessage, first).error_code == "21612"
    guardian = get(db, Guardian, family)
    assert not guardian.phone_unreachable and not guardian.opted_out


def test_bad_credentials_pause_sending_without_losing_messages(db, family):
    first, second = queue(db, family, "reply:1"), queue(db, family, "reply:2")
    fake = FakeTransport(always=TwilioPermanentError(20003, 401))
    counts = drain(db, fake, now=NOW, rate_per_second=0)
    assert counts["halted"] == 1 and fake.sent == [first]
    for row_id in (first, second):
        row = get(db, OutboxMessage, row_id)
        assert (row.status, row.attempts) == ("queued", 0)


def test_claiming_prevents_a_second_drain_from_sending_the_same_row(db, family):
    first, second = queue(db, family, "reply:1"), queue(db, family, "reply:2")
    inner = FakeTransport()

    class Reentrant(FakeTransport):
        def send(self, message):
            if not self.sent:  # while the first drain sends row 1, a second drain runs
                drain(db, inner, now=NOW, rate_per_second=0)
            return super().send(message)

    outer = Reentrant()
    counts = drain(db, outer, now=NOW, rate_per_second=0)
    # The outer drain had selected both rows; the inner one could only claim row 2.
    assert outer.sent == [first] and inner.sent == [second]
    assert (counts["sent"], counts["skipped"]) == (1, 1)
    assert {get(db, OutboxMessage, i).status for i in (first, second)} == {"sent"}


class FakeClock:
    def __init__(self):
        self.now, self.sleeps = 0.0, []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def test_sends_are_paced_by_segments(db, family):
    queue(db, family, "reply:1", body="hola")
    queue(db, family, "reply:2", body="x" * 400)  # 3 segments
    queue(db, family, "reply:3", body="adios")
    clock = FakeClock()
    counts = drain(db, FakeTransport(), now=NOW, rate_per_second=2, clock=clock,
                   sleep=clock.sleep)
    assert counts["sent"] == 3
    assert clock.sleeps == [pytest.approx(0.5), pytest.approx(1.5)]


def test_rate_comes_from_the_config(db, family, monkeypatch):
    from config import Config

    monkeypatch.setattr(Config, "OUTBOX_RATE_PER_SECOND", 4.0)
    queue(db, family, "reply:1")
    queue(db, family, "reply:2")
    clock = FakeClock()
    drain(db, FakeTransport(), now=NOW, clock=clock, sleep=clock.sleep)
    assert clock.sleeps == [pytest.approx(0.25)]


# --- status callbacks ------------------------------------------------------------------------
def sent_row(db, family, key="reply:cb") -> tuple[int, str]:
    row_id = queue(db, family, key)
    drain(db, FakeTransport(), now=NOW, rate_per_second=0)
    return row_id, f"SM{row_id:032x}"


def test_status_callbacks_move_a_row_forward_only(db, family):
    row_id, sid = sent_row(db, family)
    for status, expected in [("delivered", "delivered"), ("sent", "delivered"),
                             ("queued", "delivered"), ("read", "read")]:
        with db.session() as s:
            assert record_status(s, sid, status) is True
        assert get(db, OutboxMessage, row_id).status == expected


def test_unknown_sid_is_reported(db, family):
    with db.session() as s:
        assert record_status(s, "SM" + "f" * 32, "delivered") is False


@pytest.mark.parametrize("status, code, flag", [
    ("failed", "21610", "opted_out"),
    ("undelivered", "30006", "phone_unreachable"),
    ("undelivered", "30005", "phone_unreachable"),
    ("failed", "21211", "phone_unreachable"),
])
def test_callback_error_codes_update_the_guardian(db, family, status, code, flag):
    row_id, sid = sent_row(db, family)
    with db.session() as s:
        assert record_status(s, sid, status, code)
    row = get(db, OutboxMessage, row_id)
    assert (row.status, row.error_code) == (status, code)
    assert getattr(get(db, Guardian, family), flag) is True


def test_transient_delivery_errors_leave_the_guardian_alone(db, family):
    _, sid = sent_row(db, family)
    with db.session() as s:
        record_status(s, sid, "undelivered", "30003")  # handset off: may work tomorrow
    guardian = get(db, Guardian, family)
    assert not guardian.phone_unreachable and not guardian.opted_out


def test_status_webhook_records_the_callback(app, client, db, family):
    row_id, sid = sent_row(db, family)
    app.config["TWILIO_AUTH_TOKEN"] = TWILIO_TOKEN
    url = "http://localhost/twilio/status"
    params = {"MessageSid": sid, "MessageStatus": "delivered"}
    resp = client.post(url, data=params, headers={"X-Twilio-Signature": sign(url, params)})
    assert resp.status_code == 204
    assert get(db, OutboxMessage, row_id).status == "delivered"


# --- transport choice and the clock job ------------------------------------------------------
TWILIO = {"TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": "secret",
          "TWILIO_MESSAGING_SERVICE_SID": "MG" + "0" * 32}


@pytest.mark.parametrize("settings, expected", [
    ({"SMS_TRANSPORT": "console", **TWILIO}, ConsoleTransport),
    ({"SMS_TRANSPORT": "twilio", **TWILIO}, TwilioTransport),
    ({"SMS_TRANSPORT": "", **TWILIO}, TwilioTransport),
    ({"SMS_TRANSPORT": ""}, ConsoleTransport),
    ({"SMS_TRANSPORT": "", "TWILIO_ACCOUNT_SID": "AC" + "0" * 32}, ConsoleTransport),
])
def test_build_transport_follows_the_configuration(settings, expected):
    assert isinstance(build_transport(settings), expected)


@pytest.mark.parametrize("settings, message", [
    ({"SMS_TRANSPORT": "twilio"}, "TWILIO_ACCOUNT_SID"),
    ({"SMS_TRANSPORT": "twilio", **TWILIO, "TWILIO_MESSAGING_SERVICE_SID": ""},
     "TWILIO_FROM_NUMBER"),
    ({"SMS_TRANSPORT": "carrier-pigeon"}, "SMS_TRANSPORT"),
])
def test_build_transport_refuses_incomplete_configuration(settings, message):
    with pytest.raises(ValueError, match=message):
        build_transport(settings)


def test_clock_runs_the_outbox_every_five_seconds():
    from scheduler.__main__ import build_scheduler

    job = build_scheduler().get_job("outbox")
    assert job is not None and job.func_ref == "scheduler.jobs:outbox"
    assert job.trigger.interval == timedelta(seconds=5)


def test_drain_outbox_job_sends_with_the_configured_transport(db, family, monkeypatch):
    from scheduler import jobs

    row_id = queue(db, family, "reply:job", now=datetime.now(UTC) - timedelta(seconds=1),
                   urgent=True)  # urgent: due now whatever the time of day
    monkeypatch.setattr(jobs, "database", lambda: db)
    monkeypatch.setattr(jobs.Config, "SMS_TRANSPORT", "console")
    jobs.outbox_transport.cache_clear()
    try:
        counts = jobs.drain_outbox()
    finally:
        jobs.outbox_transport.cache_clear()
    assert counts["sent"] == 1
    assert get(db, OutboxMessage, row_id).provider_sid == f"console-{row_id}"


def test_enqueue_many_follows_the_same_rules_as_enqueue(db, family):
    night = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)  # 21:00 in Los Angeles
    with db.session() as s:
        maria = s.get(Guardian, family)
        other = make_family(s, phone="+19165550102", guardian_name="Ana Ruiz")
        stopped = make_family(s, phone="+19165550103", guardian_name="Li Wei")
        opt_out(s, stopped.phone)
        drafts = [Draft("praise:1", maria, "¡Bien hecho!", "praise"),
                  Draft("nudge:2", other, "Buenos días", "nudge"),
                  Draft("praise:3", stopped, "¡Bien hecho!", "praise")]
        enqueue_many(s, drafts, night)
        enqueue_many(s, drafts[:1], night)  # the same key again: ignored
    with db.session() as s:
        rows = {r.idempotency_key: r for r in s.scalars(select(OutboxMessage))}
    assert len(rows) == 3
    assert as_utc(rows["praise:1"].not_before) == datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    assert as_utc(rows["nudge:2"].not_before) == night  # the family chose the nudge's time
    assert rows["praise:3"].status == "suppressed" and rows["praise:1"].status == "queued"
    assert rows["praise:1"].segments == 1 and rows["praise:1"].language == "es"
