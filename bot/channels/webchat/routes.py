"""The family web chat: a one-column page where a family reads and writes their conversation.

Routes (all under /chat):
- GET  /chat             the chat when signed in, otherwise the phone form
- GET  /chat/t/<token>   personal link sent by text: signs in, redirects to /chat; a bad or old
                         link gets a page saying so in every language, with the phone form
- POST /chat/verify      phone -> a 6-digit code by text (same answer whether or not we know it)
- POST /chat/code        the code -> signed in (5 attempts, then start over)
- POST /chat/logout
- POST /chat/messages    JSON {"text", "client_id"} -> the inbound pipeline, exactly as an SMS;
                         answers {"replies": [...texts], "duplicate", "messages": [...stored]}
- GET  /chat/messages?after=<id>  newer messages of the family's web chat (staff replies too)

Every word on these pages is a template (bot.messages.templates, "chat_*") rendered through Babel
in the guardian's language; before sign-in, in the language the browser asks for (or ?lang=).
HTML forms carry a session CSRF token; the JSON POST needs the header X-Requested-With:
showup-chat, which a cross-site form cannot send. The session cookie is SameSite=Lax.
The database being down answers 503 (JSON for /chat/messages). Routes stay thin: who is signed
in and the codes live in ``sign_in``, every word on the pages in ``page_text``.
"""

from __future__ import annotations

import logging
import uuid

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot.channels.webchat import page_text, sign_in
from bot.channels.webchat.page_text import (
    HTML_LANG,
    SCRIPT_STRINGS,
    SESSION_LANG,
    guardian_language,
    is_rtl,
    languages_menu,
    page_strings,
    visitor_language,
)
from bot.channels.webchat.sign_in import Check, LinkExpired, LinkInvalid, read_chat_link
from bot.inbound import MAX_BODY, Inbound
from bot.text.phones import InvalidPhone, to_e164
from bot.web import csrf
from bot.web.extensions import get_db, get_pipeline
from bot.web.ids import parse_id
from models import Conversation, Guardian, Message

log = logging.getLogger(__name__)
webchat_bp = Blueprint("webchat", __name__, url_prefix="/chat")

CHANNEL = "webchat"
CLIENT_HEADER, CLIENT_HEADER_VALUE = "X-Requested-With", "showup-chat"
PAGE_MESSAGES = 100  # messages drawn with the page; older ones stay in the admin page
POLL_LIMIT = 200
POLL_SECONDS = 4


@webchat_bp.after_request
def _headers(response):
    # Plain same-origin CSS and JS only: no CDN, no inline script, no framing.
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
    response.headers["Referrer-Policy"] = "no-referrer"  # the personal link is a secret
    response.headers["Cache-Control"] = "no-store"  # a family's messages: never cache them
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _page(template: str, language: str, status: int = 200, **context):
    strings = context.pop("t", None) or page_strings(language, context.get("school", ""))
    html = render_template(
        template, t=strings, lang=language, html_lang=HTML_LANG.get(language, language),
        rtl=is_rtl(language), csrf=csrf.token(sign_in.SESSION_CSRF), **context)
    return html, status


def _csrf_ok() -> bool:
    return csrf.valid(sign_in.SESSION_CSRF, field="csrf")


# --- messages ------------------------------------------------------------------------------
def _conversation_messages(phone: str):
    return (select(Message).join(Conversation, Message.conversation_id == Conversation.id)
            .where(Conversation.phone == phone, Conversation.channel == CHANNEL))


def serialize(message: Message) -> dict:
    provider_id = message.provider_id or ""
    return {
        "id": message.id, "direction": message.direction, "text": message.body or "",
        "from": "you" if message.direction == "in" else ("staff" if message.staff_id else "bot"),
        "client_id": provider_id.removeprefix("webchat:") if provider_id.startswith("webchat:")
        else None,
    }


def _page_messages(db_session, phone: str) -> list[Message]:
    stmt = _conversation_messages(phone).order_by(Message.id.desc()).limit(PAGE_MESSAGES)
    return list(reversed(db_session.scalars(stmt).all()))


# --- pages ---------------------------------------------------------------------------------
@webchat_bp.get("")
def index():
    with get_db().session() as db_session:
        guardian = sign_in.signed_in(db_session)
        if guardian is None:
            return _phone_page(visitor_language())
        language = guardian_language(guardian)
        session[SESSION_LANG] = language
        school = sign_in.school_name(guardian)
        messages = [serialize(m) for m in _page_messages(db_session, guardian.phone)]
    strings = page_strings(language, school)
    if not school:
        strings["heading"] = strings["page_title"]
    script_config = {
        "strings": {k: strings[k] for k in SCRIPT_STRINGS},
        "school": school or strings["page_title"],
        "after": max((m["id"] for m in messages), default=0),
        "pollSeconds": POLL_SECONDS, "maxLength": MAX_BODY,
        "messagesUrl": url_for("webchat.messages"),
        "header": [CLIENT_HEADER, CLIENT_HEADER_VALUE],
    }
    return _page("chat/chat.html", language, t=strings, school=school or strings["page_title"],
                 messages=messages, script_config=script_config, max_length=MAX_BODY)


def _phone_page(language: str, status: int = 200, error: str | None = None,
                expired: list | None = None):
    return _page("chat/login.html", language, status, mode="phone", error=error,
                 expired=expired, languages=languages_menu(language))


def _code_page(language: str, phone: str, typed: str, error: str | None = None,
               status: int = 200):
    return _page("chat/login.html", language, status, mode="code", phone=phone, typed=typed,
                 error=error, expired=None, languages=languages_menu(language))


@webchat_bp.get("/t/<token>")
def link(token: str):
    try:
        guardian_id, status = read_chat_link(token), 400
    except LinkExpired:
        guardian_id, status = None, 410
    except LinkInvalid:
        guardian_id, status = None, 400
    if guardian_id is not None:
        with get_db().session() as db_session:
            guardian = db_session.get(Guardian, guardian_id)
            if guardian is not None:  # else: removed from the roster since the link was sent
                sign_in.sign_in(db_session, guardian)
                return redirect(url_for("webchat.index"), code=303)
    language = visitor_language()
    return _phone_page(language, status, expired=page_text.expired_link_notices(language))


@webchat_bp.post("/verify")
def verify():
    language = visitor_language()
    strings = page_strings(language)
    if not _csrf_ok():
        return _phone_page(language, 400, error=strings["try_again"])
    typed = request.form.get("phone", "")[:40]
    try:
        phone = to_e164(typed)
    except InvalidPhone:
        return _phone_page(language, 400, error=strings["phone_invalid"])
    with get_db().session() as db_session:
        sign_in.send_code(db_session, phone)
    # The page stays in the visitor's language: switching to the guardian's would tell a
    # stranger that the number is on file.
    return _code_page(language, phone, typed)


@webchat_bp.post("/code")
def code():
    language = visitor_language()
    strings = page_strings(language)
    if not _csrf_ok():
        return _phone_page(language, 400, error=strings["try_again"])
    typed = request.form.get("typed", "")[:40]
    try:
        phone = to_e164(request.form.get("phone", ""))
    except InvalidPhone:
        return _phone_page(language, 400, error=strings["code_start_over"])
    given = "".join(ch for ch in request.form.get("code", "")[:20] if not ch.isspace())
    with get_db().session() as db_session:
        result = sign_in.check_code(session, db_session, phone, given)
        guardian = None
        if result is Check.OK:
            guardian = sign_in.guardian_for_phone(db_session, phone)
            if guardian is not None:
                sign_in.sign_in(db_session, guardian)
    if guardian is not None:
        return redirect(url_for("webchat.index"), code=303)
    if result is Check.WRONG:
        return _code_page(language, phone, typed, error=strings["code_wrong"], status=400)
    return _phone_page(language, 400, error=strings["code_start_over"])


@webchat_bp.post("/logout")
def logout():
    if _csrf_ok():
        with get_db().session() as db_session:
            sign_in.sign_out(db_session)
    return redirect(url_for("webchat.index"), code=303)


# --- JSON --------------------------------------------------------------------------------------
def _json_error(status: int, error: str, template: str | None = None):
    body = {"error": error}
    if template:
        body["message"] = page_text.message(template)
    response = jsonify(body)
    response.status_code = status
    return response


@webchat_bp.route("/messages", methods=["GET", "POST"])
def messages():
    if request.method == "POST" and request.headers.get(CLIENT_HEADER) != CLIENT_HEADER_VALUE:
        return _json_error(403, "missing_header", "chat_try_again")
    if not session.get(sign_in.SESSION_GUARDIAN):
        return _json_error(401, "signed_out")
    if request.method == "GET":
        return _newer_messages()
    return _post_message()


def _newer_messages():
    after = request.args.get("after", "0")
    after_id = parse_id(after) or 0
    if after_id == 0 and after.isascii() and after.isdigit() and int(after) > 0:
        return _json_error(404, "not_found")  # a number, but no message could have that id
    with get_db().session() as db_session:
        guardian = sign_in.signed_in(db_session)
        if guardian is None:
            return _json_error(401, "signed_out")
        stmt = (_conversation_messages(guardian.phone)
                .where(Message.id > after_id).order_by(Message.id).limit(POLL_LIMIT))
        found = [serialize(m) for m in db_session.scalars(stmt)]
    return jsonify(messages=found)


def _post_message():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return _json_error(400, "bad_request", "chat_try_again")
    text = data.get("text")
    text = "" if text is None else text
    try:
        client_id = str(uuid.UUID(str(data.get("client_id", ""))))
    except ValueError:
        client_id = None
    if not isinstance(text, str) or client_id is None:
        return _json_error(400, "bad_request", "chat_try_again")
    if len(text) > MAX_BODY:
        return _json_error(400, "too_long", "chat_too_long")
    text = text.replace("\x00", "")  # no SMS carries NUL, and PostgreSQL text refuses it
    with get_db().session() as db_session:
        guardian = sign_in.signed_in(db_session)
        if guardian is None:
            return _json_error(401, "signed_out")
        phone = guardian.phone
    provider_id = f"webchat:{client_id}"
    reply = get_pipeline().handle(
        Inbound(channel=CHANNEL, sender=phone, body=text, provider_id=provider_id))
    with get_db().session() as db_session:
        # Scoped to this family's web chat: a client_id copied from someone else's page finds
        # their message (stored once, never twice) but must not show it here.
        mine = db_session.scalar(_conversation_messages(phone)
                                 .where(Message.provider_id == provider_id))
        stored = []
        if mine is not None:
            stmt = (select(Message).where(Message.conversation_id == mine.conversation_id,
                                          Message.id >= mine.id)
                    .order_by(Message.id).limit(POLL_LIMIT))
            stored = [serialize(m) for m in db_session.scalars(stmt)]
    return jsonify(replies=reply.texts, duplicate=reply.duplicate, language=reply.language,
                   messages=stored)


@webchat_bp.errorhandler(OperationalError)
def _database_down(_exc):
    log.error("database unavailable for the web chat")
    if request.path.startswith(url_for("webchat.messages")):
        response = _json_error(503, "unavailable", "chat_unavailable")
    else:
        language = page_text.known(session.get(SESSION_LANG)) or visitor_language()
        html, status = _page("chat/unavailable.html", language, 503)
        response = current_app.make_response((html, status))
    response.headers["Retry-After"] = "30"
    return response
