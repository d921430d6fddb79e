"""Factories and fakes shared by the test suites (unit, integration, browser) and bench/.

Rows: ``make_school``, ``make_family`` (a guardian and their children), ``make_staff``,
``add_conversation``. Requests: ``sign``/``send_sms`` (a correctly signed Twilio webhook),
``login``/``post`` (the admin page with its CSRF token), ``chat_sign_in`` (the web chat).
Fakes for unit tests: ``FakeRasa``, ``FakeTranslator``; every capability is also tested
through the real component elsewhere.
"""

from __future__ import annotations

import re
from datetime import time, timedelta

from werkzeug.security import generate_password_hash

from bot.clients.translation import TranslationUnavailable
from bot.conversations import PRIORITY_NORMAL
from models import Conversation, Guardian, Message, School, StaffUser, Student, StudentGuardian
from models.base import utcnow

PASSWORD = "correct horse battery"
TWILIO_TOKEN = "test-auth-token-0123456789abcdef"
SMS_URL = "http://localhost/twilio/sms"


# --- rows ---
_student_ids = iter(range(1000, 10**6))


def make_school(session, code="BHE", name="Bret Harte Elementary School", **kw) -> School:
    school = School(code=code, name=name, phone=kw.pop("phone", "+19162643100"),
                    address=kw.pop("address", "2751 9th Ave, Sacramento, CA 95818"),
                    start_time=kw.pop("start_time", time(8, 0)),
                    end_time=kw.pop("end_time", time(14, 30)), **kw)
    session.add(school)
    session.flush()
    return school


def make_family(session, school=None, phone="+19165550101", language="es",
                guardian_name="Maria Lopez", children=("Sofia",), last_name="Lopez") -> Guardian:
    school = school or session.query(School).first() or make_school(session)
    guardian = Guardian(name=guardian_name, phone=phone, language=language)
    session.add(guardian)
    for first in children:
        student = Student(sis_id=f"S{next(_student_ids)}", first_name=first, last_name=last_name,
                          grade="3", school=school)
        session.add(student)
        session.flush()
        session.add(StudentGuardian(
            student=student, guardian=guardian, relationship_label="mother"
        ))
    session.flush()
    return guardian


# --- requests ---


def make_staff(session, email, role="school", schools=(), name="") -> StaffUser:
    staff = StaffUser(email=email, name=name or email.split("@")[0].title(), role=role,
                      password_hash=generate_password_hash(PASSWORD), schools=list(schools))
    session.add(staff)
    session.flush()
    return staff


def add_conversation(session, guardian=None, school=None, phone=None, state="waiting",
                     reason="asked_for_person", priority=PRIORITY_NORMAL, channel="sms",
                     messages=(), age=timedelta(0)) -> Conversation:
    """A conversation with inbound messages [(body, language, translation_en)]."""
    created = utcnow() - age
    conv = Conversation(phone=phone or guardian.phone, channel=channel,
                        guardian_id=guardian.id if guardian else None,
                        school_id=school.id if school else None, state=state,
                        handoff_reason=reason if state == "waiting" else None,
                        priority=priority, created_at=created, updated_at=created)
    session.add(conv)
    session.flush()
    for body, language, english in messages:
        session.add(Message(conversation_id=conv.id, direction="in", channel=channel, body=body,
                            language=language, translation_en=english, created_at=created))
    session.flush()
    return conv


# --- fakes ---


# --- requests ---
_sids = iter(range(10**6))


def sign(url: str, params: dict, token: str = TWILIO_TOKEN) -> str:
    from twilio.request_validator import RequestValidator

    return RequestValidator(token).compute_signature(url, params)


def send_sms(client, body: str, sender: str = "+19165550101", sid: str | None = None,
             media: list[str] | None = None, url: str = SMS_URL, **extra):
    """POST a correctly signed Twilio SMS webhook; returns the Flask response."""
    params = {"From": sender, "To": "+19165550000", "Body": body,
              "MessageSid": sid or f"SM{next(_sids):032x}", "NumMedia": str(len(media or []))}
    for i, media_url in enumerate(media or []):
        params[f"MediaUrl{i}"] = media_url
        params[f"MediaContentType{i}"] = "image/jpeg"
    params.update(extra)
    return client.post(url, data=params, headers={"X-Twilio-Signature": sign(url, params)})


def chat_sign_in(client, app, guardian_id: int):
    """Sign ``client`` in to the family web chat as this guardian, by personal link."""
    from bot.channels.webchat.sign_in import make_chat_link

    token = make_chat_link(guardian_id, secret_key=app.config["SECRET_KEY"])
    resp = client.get(f"/chat/t/{token}")
    assert resp.status_code == 303 and resp.headers["Location"].endswith("/chat")
    return resp


def token(client) -> str:
    with client.session_transaction() as sess:
        return sess.get("csrf_token", "")


def login(client, email, password=PASSWORD, **kwargs):
    page = client.get("/admin/login")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert found, "the login form carries a CSRF token"
    return client.post("/admin/login", data={"csrf_token": found.group(1), "email": email,
                                             "password": password}, **kwargs)


def post(client, url, **data):
    return client.post(url, data={"csrf_token": token(client), **data})


# --- fakes ---
class FakeRasa:
    """Stands in for bot.clients.rasa.RasaClient in unit tests: answers with canned bot acts, or
    raises RasaUnavailable when ``down``. Records what it was sent."""

    def __init__(self, acts=None, down=False, confidence=None):
        self.acts = acts if acts is not None else [{"template": "thanks"}]
        self.down = down
        self.sent: list[dict] = []
        # NLU confidence per text for parse(); texts not listed get 0.99.
        self.confidence = confidence or {}

    def parse(self, text):
        from bot.clients.rasa import RasaUnavailable

        if self.down:
            raise RasaUnavailable("down")
        return {"text": text, "entities": [], "intent": {
            "name": "report_absence", "confidence": self.confidence.get(text, 0.99)}}

    def send(self, sender, text, metadata, timeout=None):
        from bot.clients.rasa import RasaUnavailable

        self.sent.append({"sender": sender, "text": text, "metadata": metadata,
                          "timeout": timeout})
        if self.down:
            raise RasaUnavailable("down")
        return [{"recipient_id": sender, "custom": act} for act in self.acts]


class FakeTranslator:
    """Stands in for bot.clients.translation.Translator: a dictionary (other texts come back as
    "[target] text"), one ``answer`` for every text, or ``down`` (unavailable, every call raises).
    ``failing``: reports itself available, yet every call raises."""

    def __init__(self, table=None, down=False, answer=None, failing=False):
        self.table = table or {}
        self.down, self.answer, self.failing = down, answer, failing
        self.calls: list[tuple[str, str, str]] = []

    @property
    def available(self):
        return not self.down

    def translate(self, text, source, target="en"):
        self.calls.append((text, source, target))
        if self.down or self.failing:
            raise TranslationUnavailable("down")
        if self.answer is not None:
            return self.answer
        return self.table.get(text, f"[{target}] {text}")
