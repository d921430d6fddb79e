"""bot.clients.twilio against Twilio's contract.

- Tests marked ``prism`` send real HTTP requests to Stoplight Prism serving Twilio's official
  OpenAPI spec with ``--errors``: Prism answers 422 to any request that breaks the spec (SID
  patterns, required fields, URI formats), so a 201 proves ShowUp's requests are valid. The
  negative tests show that Prism does reject bad requests, i.e. that these tests can fail.
- The other tests use a fake HTTP client (no network) to pin the request's shape and how Twilio's
  answers map to TwilioTemporaryError / TwilioPermanentError.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
import requests
from twilio.http import HttpClient
from twilio.http.response import Response

from bot.clients.twilio import TwilioClient, TwilioPermanentError, TwilioTemporaryError
from bot.outbox import TwilioTransport, build_transport, drain, enqueue
from models import Guardian, OutboxMessage
from models.base import utcnow
from tests.factories import make_family
from tests.prism_client import DynamicPrism

ACCOUNT = "AC" + "0123456789abcdef" * 2
SERVICE = "MG" + "fedcba9876543210" * 2
FROM = "+19165550000"
TO = "+19165550101"
# The ``prism_url`` fixture (starts Prism, or skips saying why).
pytest_plugins = ["tests.prism"]
SID = re.compile(r"^(SM|MM)[0-9a-fA-F]{32}$")
CALLBACK = "https://showup.example.org/twilio/status"

SENDERS = {
    "messaging_service": {"messaging_service_sid": SERVICE},
    "from_number": {"from_number": FROM},
}


def last_form(client: TwilioClient) -> dict:
    """The form fields of the last request (twilio keeps it for tests)."""
    return dict(client.client.http_client._test_only_last_request.data)


# --- against Prism -------------------------------------------------------------------------
@pytest.mark.prism
@pytest.mark.parametrize("sender", SENDERS)
@pytest.mark.parametrize("channel", ["sms", "whatsapp"])
def test_valid_requests_are_accepted(prism_url, sender, channel):
    client = TwilioClient(ACCOUNT, "token", base_url=prism_url, timeout=10,
                          status_callback=CALLBACK, **SENDERS[sender])
    sid = client.send_message(TO, "Hola, ¿Sofía viene mañana? Responda SÍ o NO.", channel)
    assert SID.match(sid)
    form = last_form(client)
    prefix = "whatsapp:" if channel == "whatsapp" else ""
    assert form["To"] == prefix + TO
    assert form["StatusCallback"] == CALLBACK
    if sender == "messaging_service":
        assert form["MessagingServiceSid"] == SERVICE and "From" not in form
    else:
        assert form["From"] == prefix + FROM and "MessagingServiceSid" not in form


@pytest.mark.prism
def test_prism_rejects_a_malformed_account_sid(prism_url):
    client = TwilioClient("AC-not-a-real-sid", "token", messaging_service_sid=SERVICE,
                          base_url=prism_url, timeout=10)
    with pytest.raises(TwilioPermanentError) as err:
        client.send_message(TO, "hola")
    assert err.value.status == 422


@pytest.mark.prism
def test_prism_rejects_a_malformed_messaging_service_sid(prism_url):
    client = TwilioClient(ACCOUNT, "token", messaging_service_sid="MG123",
                          base_url=prism_url, timeout=10)
    with pytest.raises(TwilioPermanentError) as err:
        client.send_message(TO, "hola")
    assert err.value.status == 422


def settings(prism_url, **extra) -> dict:
    return {"SMS_TRANSPORT": "twilio", "TWILIO_ACCOUNT_SID": ACCOUNT,
            "TWILIO_AUTH_TOKEN": "token", "TWILIO_API_BASE_URL": prism_url,
            "TWILIO_TIMEOUT": 10, **extra}


@pytest.mark.prism
@pytest.mark.parametrize("sender, channel", [
    ({"TWILIO_MESSAGING_SERVICE_SID": SERVICE}, "sms"),
    ({"TWILIO_FROM_NUMBER": FROM}, "sms"),
    ({"TWILIO_FROM_NUMBER": FROM}, "whatsapp"),
])
def test_drain_marks_rows_sent_through_prism(app, prism_url, sender, channel):
    db = app.extensions["db"]
    with db.session() as s:
        row_id = enqueue(s, key=f"staff:{channel}", guardian=make_family(s),
                         body="La escuela cierra temprano hoy.", kind="staff_reply",
                         urgent=True, channel=channel).id
    counts = drain(db, build_transport(settings(prism_url, **sender)), rate_per_second=0)
    assert counts["sent"] == 1
    with db.session() as s:
        row = s.get(OutboxMessage, row_id)
        assert row.status == "sent" and SID.match(row.provider_sid) and row.attempts == 1


@pytest.mark.prism
def test_drain_fails_a_row_prism_rejects(app, prism_url):
    db = app.extensions["db"]
    with db.session() as s:
        guardian = make_family(s)
        row_id = enqueue(s, key="staff:bad", guardian=guardian, body="hola", kind="staff_reply",
                         urgent=True).id
    transport = build_transport(settings(prism_url, TWILIO_MESSAGING_SERVICE_SID="MG123"))
    assert drain(db, transport, rate_per_second=0)["failed"] == 1
    with db.session() as s:
        row = s.get(OutboxMessage, row_id)
        assert (row.status, row.error_code, row.provider_sid) == ("failed", "422", None)
        guardian = s.get(Guardian, row.guardian_id)  # a 422 says nothing about the family
        assert not guardian.opted_out and not guardian.phone_unreachable


# --- request shape and error mapping, no network ---------------------------------------------
class FakeHttp(HttpClient):
    """Answers every request with ``status``/``body`` or raises ``error``; records requests."""

    def __init__(self, status=201, body=None, error=None):
        super().__init__(logger=None, is_async=False, timeout=5)
        self.status, self.error = status, error
        self.body = body or '{"sid": "SM' + "a" * 32 + '", "status": "queued"}'
        self.requests: list[dict] = []

    def request(self, method, url, params=None, data=None, headers=None, auth=None,
                timeout=None, allow_redirects=False):
        self.requests.append({"method": method, "url": url, "data": dict(data or {}),
                              "timeout": timeout})
        if self.error:
            raise self.error
        return Response(self.status, self.body)


def fake_client(http, **kw) -> TwilioClient:
    kw.setdefault("messaging_service_sid", SERVICE)
    return TwilioClient(ACCOUNT, "token", http_client=http, **kw)


def test_messaging_service_is_preferred_over_the_from_number():
    http = FakeHttp()
    fake_client(http, from_number=FROM).send_message(TO, "hola")
    data = http.requests[0]["data"]
    assert data["MessagingServiceSid"] == SERVICE and "From" not in data
    assert data["To"] == TO and data["Body"] == "hola"


def test_whatsapp_prefixes_both_numbers_when_sending_from_a_number():
    http = FakeHttp()
    fake_client(http, messaging_service_sid="", from_number=FROM).send_message(
        TO, "hola", "whatsapp")
    data = http.requests[0]["data"]
    assert (data["To"], data["From"]) == (f"whatsapp:{TO}", f"whatsapp:{FROM}")


def test_base_url_override_is_used():
    http = FakeHttp()
    fake_client(http, base_url="http://127.0.0.1:4010/").send_message(TO, "hola")
    assert http.requests[0]["url"] == \
        f"http://127.0.0.1:4010/2010-04-01/Accounts/{ACCOUNT}/Messages.json"


def test_the_http_client_has_a_timeout():
    client = TwilioClient.from_config({
        "TWILIO_ACCOUNT_SID": ACCOUNT, "TWILIO_AUTH_TOKEN": "token",
        "TWILIO_MESSAGING_SERVICE_SID": SERVICE, "TWILIO_TIMEOUT": 7.5,
    })
    assert client.client.http_client.timeout == 7.5
    assert client.status_callback == ""
    assert TwilioClient.from_config({
        "TWILIO_ACCOUNT_SID": ACCOUNT, "TWILIO_AUTH_TOKEN": "token", "TWILIO_FROM_NUMBER": FROM,
        "TWILIO_STATUS_CALLBACK_URL": CALLBACK,
    }).status_callback == CALLBACK


def twilio_error(status: int, code: int) -> FakeHttp:
    # Twilio's real error text quotes the number: it must not leak into our exceptions.
    return FakeHttp(status, f'{{"code": {code}, "message": "The \'To\' number {TO} is not a '
                            f'valid phone number.", "status": {status}}}')


@pytest.mark.parametrize("http, status", [
    (twilio_error(500, 20500), 500),
    (twilio_error(503, 20503), 503),
    (twilio_error(429, 20429), 429),
    (FakeHttp(error=requests.ConnectionError("refused")), None),
    (FakeHttp(error=requests.Timeout("read timed out")), None),
])
def test_temporary_failures(http, status):
    with pytest.raises(TwilioTemporaryError) as err:
        fake_client(http).send_message(TO, "hola")
    assert err.value.status == status
    assert TO not in str(err.value) and err.value.__cause__ is None


@pytest.mark.parametrize("status, code", [(400, 21610), (400, 21211), (400, 21614),
                                          (401, 20003), (404, 20404)])
def test_permanent_failures_carry_twilios_code(status, code):
    with pytest.raises(TwilioPermanentError) as err:
        fake_client(twilio_error(status, code)).send_message(TO, "hola")
    assert (err.value.code, err.value.status) == (code, status)
    assert TO not in str(err.value) and err.value.__cause__ is None


@pytest.mark.prism
def test_looking_up_a_lost_send_is_a_valid_request(prism_url):
    client = TwilioClient(ACCOUNT, "token", base_url=prism_url, timeout=10,
                          messaging_service_sid=SERVICE, http_client=DynamicPrism(timeout=10))
    since = datetime(2026, 11, 24, 17, 55, tzinfo=UTC)
    sids = client.sent_to(TO, "Hola, ¿Sofía viene mañana?", since)
    assert all(SID.match(sid) for sid in sids)
    request = client.client.http_client._test_only_last_request
    assert request.method == "GET" and request.params["To"] == TO
    assert request.params["DateSent>"] == "2026-11-24T17:55:00Z"
    bad = TwilioClient("AC-not-a-real-sid", "token", messaging_service_sid=SERVICE,
                       base_url=prism_url, http_client=DynamicPrism(timeout=10))
    with pytest.raises(TwilioPermanentError) as err:  # Prism checks this request too
        bad.sent_to(TO, "hola", since)
    assert err.value.status == 422


@pytest.mark.prism
def test_a_send_lost_in_a_crash_is_checked_then_sent_through_prism(app, prism_url):
    db = app.extensions["db"]
    with db.session() as s:
        row = enqueue(s, key="staff:lost", guardian=make_family(s), kind="staff_reply",
                      body="La escuela cierra temprano hoy.", urgent=True)
        row.status, row.claimed_at = "sending", utcnow() - timedelta(minutes=10)
        row_id = row.id
    transport = TwilioTransport(TwilioClient(ACCOUNT, "token", messaging_service_sid=SERVICE,
                                             base_url=prism_url,
                                             http_client=DynamicPrism(timeout=10)))
    counts = drain(db, transport, rate_per_second=0)
    assert counts["recovered"] + counts["requeued"] == 1
    with db.session() as s:
        row = s.get(OutboxMessage, row_id)
        assert row.status == "sent" and SID.match(row.provider_sid)


def test_a_lost_send_lookup_matches_the_body_and_maps_failures():
    page = ('{"messages": [{"sid": "SM' + "b" * 32 + '", "body": "hola"}, {"sid": "SM' + "c" * 32
            + '", "body": "otra cosa"}], "next_page_uri": null}')
    since = datetime(2026, 11, 24, tzinfo=UTC)
    assert fake_client(FakeHttp(200, page)).sent_to(TO, "hola", since) == ["SM" + "b" * 32]
    with pytest.raises(TwilioTemporaryError) as err:
        fake_client(FakeHttp(503, '{"code": 20503}')).sent_to(TO, "hola", since)
    assert err.value.status == 503
    with pytest.raises(TwilioPermanentError):
        fake_client(twilio_error(404, 20404)).sent_to(TO, "hola", since)
