"""Staff routes under /admin: each parses the request, makes one call into admin.auth,
admin.inbox, admin.replies or admin.simulator, writes the audit row, and renders.

The request's database session commits after a successful response (admin.auth), so an audit
row commits together with what it records. Every POST carries the session's CSRF token.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from admin import (
    audit,
    auth,
    inbox,
    inbox_filter,
    outreach,
    replies,
    scope,
    simulator,
    staff_writing,
)
from admin.scope import visible_schools
from bot import staff_translation
from bot.channels.webchat.sign_in import chat_link_url
from bot.conversations import give_back_to_bot
from bot.messages.languages import LANGUAGES, language_name
from bot.web.extensions import get_pipeline
from bot.web.ids import parse_id
from bot.web.limits import limit_sign_in

admin_bp = Blueprint("admin", __name__, url_prefix="/admin")
DISPLAY_TZ = ZoneInfo("America/Los_Angeles")  # the district's; staff read local times


admin_bp.before_request(auth.check_csrf)
admin_bp.teardown_request(auth.close_request)


@admin_bp.after_request
def _after(response):
    response = auth.finish_request(response)
    # Family data: never cached, never framed.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'")
    return response


def _age(moment: datetime | None) -> str:
    moment = inbox.aware(moment)
    if moment is None:
        return ""
    seconds = max(0, int((datetime.now(moment.tzinfo) - moment).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"
    return f"{seconds // 86400} d"


def _local(moment: datetime | None, fmt: str = "%a %b %-d, %-I:%M %p") -> str:
    moment = inbox.aware(moment)
    return moment.astimezone(DISPLAY_TZ).strftime(fmt) if moment else ""


@admin_bp.context_processor
def _helpers():
    return {"csrf_token": auth.csrf_token, "staff": auth.current_staff(), "age": _age,
            "local_time": _local, "language_name": language_name,
            "reason_label": inbox.reason_label, "languages": LANGUAGES}


# --- sign-in -------------------------------------------------------------------------------
@admin_bp.route("/login", methods=["GET", "POST"])
@limit_sign_in
def login():
    error = None
    if request.method == "POST":
        db = auth.db_session()
        user = auth.authenticate(db, request.form.get("email", ""),
                                 request.form.get("password", ""))
        if user is not None:
            auth.sign_in(user)
            audit.record(db, user, "login", "staff", user.id)
            return redirect(auth.safe_next(request.args.get("next")) or url_for("admin.index"))
        # Which account was tried: its id, or the unknown address (so a district can see a
        # password being guessed). Never the password.
        email = request.form.get("email", "").strip().lower()[:200]
        tried = auth.staff_by_email(db, email)
        audit.record(db, None, "login_failed", "staff", tried.id if tried else None,
                     **({} if tried else {"unknown_email": email}))
        error = "Wrong email or password."
    return render_template("admin/login.html", error=error), 401 if error else 200


@admin_bp.errorhandler(429)
def too_many_attempts(_error):
    audit.record(auth.db_session(), None, "login_rate_limited", "staff", None)
    return render_template("admin/login.html", error="Too many failed attempts. Wait 15 "
                           "minutes, then try again, or ask the district office."), 429


@admin_bp.post("/logout")
def logout():
    staff = auth.current_staff()
    if staff is not None:
        audit.record(auth.db_session(), staff, "logout", "staff", staff.id)
    auth.sign_out()
    return redirect(url_for("admin.login"))


# --- inbox and conversations ---------------------------------------------------------------
@admin_bp.get("/")
@auth.staff_required
def index():
    db, staff = auth.db_session(), auth.current_staff()
    f = inbox_filter.parse(staff, request.args)
    waiting, recent = inbox.inbox(db, staff, current_app.config, f=f)
    audit.record(db, staff, "read_inbox", "inbox", None,
                 conversations=[row.conv.id for row in waiting + recent], filter=f.args())
    return render_template("admin/inbox.html", waiting=waiting, recent=recent, f=f,
                           schools=visible_schools(db, staff), reasons=inbox.FILTER_REASONS,
                           state=inbox.inbox_state(db, staff))


@admin_bp.get("/inbox/state")
@auth.staff_required
def inbox_state():
    """Polled by the inbox page: counts only, so it is not audited."""
    since = parse_id(request.args.get("since", ""))
    return jsonify(inbox.inbox_state(auth.db_session(), auth.current_staff(), since))


@admin_bp.get("/c/<id:conv_id>/state")
@auth.staff_required
def conversation_state(conv_id: int):
    """Polled by the conversation page: the newest message's id, no text (not audited)."""
    db, staff = auth.db_session(), auth.current_staff()
    return jsonify({"latest": inbox.latest_message_id(db, scope.get_conversation(db, staff,
                                                                                  conv_id))})


def _conversation(conv_id: int, preview: replies.Preview | None = None, error: str | None = None,
                  status: int = 200):
    db, staff = auth.db_session(), auth.current_staff()
    conv = scope.get_conversation(db, staff, conv_id)
    page = inbox.conversation_page(db, staff, conv)
    audit.read_conversation(db, staff, conv)
    return render_template("admin/conversation.html", page=page, preview=preview,
                           reply_error=error, notes=staff_writing.notes_for(db, conv),
                           saved=staff_writing.saved_for(db, page.language)), status


@admin_bp.get("/c/<id:conv_id>")
@auth.staff_required
def conversation(conv_id: int):
    return _conversation(conv_id)


@admin_bp.post("/c/<id:conv_id>/translate")
@auth.staff_required
def translate(conv_id: int):
    db, staff = auth.db_session(), auth.current_staff()
    conv = scope.get_conversation(db, staff, conv_id)
    done, missing = staff_translation.retry_conversation(db, replies.get_translator(), conv)
    audit.conversation_action(db, staff, "retry_translation", conv, translated=done,
                              missing=missing)
    if missing:
        flash("The translation service is still unavailable: "
              f"{missing} message(s) could not be translated. "
              "The original text is shown; try again in a few minutes.", "error")
    elif done:
        flash(f"Translated {done} message(s).", "ok")
    else:
        flash("Nothing left to translate.", "ok")
    return redirect(url_for("admin.conversation", conv_id=conv.id))


@admin_bp.post("/c/<id:conv_id>/reply")
@auth.staff_required
def reply(conv_id: int):
    db, staff = auth.db_session(), auth.current_staff()
    conv = scope.get_conversation(db, staff, conv_id)
    english = request.form.get("text", "")
    if request.form.get("step") == "saved":
        saved = staff_writing.get_saved(db, request.form.get("saved"))
        return _conversation(conv.id, preview=staff_writing.preview_saved(saved))
    if request.form.get("step") != "send":
        if not english.strip():
            return _conversation(conv.id, error="Type a reply first.", status=400)
        preview = replies.preview_reply(replies.get_translator(), english,
                                        inbox.conversation_language(conv))
        return _conversation(conv.id, preview=preview)
    try:
        sent = replies.send_reply(db, staff, conv, english, request.form.get("body", ""),
                                  request.form.get("language", ""))
    except replies.ReplyError as exc:
        return _conversation(conv.id, error=str(exc), status=400)
    untranslated = sent.message.body == sent.message.translation_en and \
        sent.message.language != "en"
    audit.conversation_action(db, staff, "reply", conv, message_id=sent.message.id,
                              untranslated=untranslated)
    if sent.outbox is not None and sent.outbox.status == "suppressed":
        flash("Saved, but NOT sent: this family has opted out of texts (or the number is "
              "unreachable).", "error")
    elif sent.held:
        flash(f"Reply queued: quiet hours, it goes out at "
              f"{_local(sent.outbox.not_before, '%-I:%M %p')}.", "ok")
    else:
        flash("Reply sent.", "ok")
    return redirect(url_for("admin.conversation", conv_id=conv.id))


@admin_bp.post("/c/<id:conv_id>/note")
@auth.staff_required
def add_note(conv_id: int):
    db, staff = auth.db_session(), auth.current_staff()
    conv = scope.get_conversation(db, staff, conv_id)
    try:
        note = staff_writing.add_note(db, staff, conv, request.form.get("note", ""))
    except staff_writing.WritingError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.conversation", conv_id=conv.id) + "#notes")
    audit.conversation_action(db, staff, "add_note", conv, note_id=note.id)
    flash("Note saved (staff only: the family never sees it).", "ok")
    return redirect(url_for("admin.conversation", conv_id=conv.id) + "#notes")


def _state_action(conv_id: int, action: str, message: str):
    db, staff = auth.db_session(), auth.current_staff()
    conv = scope.get_conversation(db, staff, conv_id)
    if action == "close":
        inbox.close(conv)
    elif action == "give_back":
        give_back_to_bot(conv)
    else:
        inbox.assign(conv, staff)
    audit.conversation_action(db, staff, action, conv)
    flash(message, "ok")
    if action == "assign":
        return redirect(url_for("admin.conversation", conv_id=conv.id))
    return redirect(url_for("admin.index"))


@admin_bp.post("/c/<id:conv_id>/chat-link")
@auth.staff_required
def chat_link(conv_id: int):
    db, staff = auth.db_session(), auth.current_staff()
    conv = scope.get_conversation(db, staff, conv_id)
    url = chat_link_url(conv.guardian_id) if conv.guardian_id else ""
    row = replies.send_chat_link(db, conv, url) if url else None
    audit.conversation_action(db, staff, "send_chat_link", conv, sent=row is not None)
    if row is None:
        flash("No chat link sent: this number is not a known family, or they are already in "
              "the web chat.", "error")
    elif row.status == "suppressed":
        flash("Not sent: this family has opted out of texts.", "error")
    else:
        flash("Chat link queued for the family.", "ok")
    return redirect(url_for("admin.conversation", conv_id=conv.id))


@admin_bp.post("/c/<id:conv_id>/close")
@auth.staff_required
def close(conv_id: int):
    return _state_action(conv_id, "close", "Conversation closed.")


@admin_bp.post("/c/<id:conv_id>/give-back")
@auth.staff_required
def give_back(conv_id: int):
    return _state_action(conv_id, "give_back", "Conversation given back to the bot.")


@admin_bp.post("/c/<id:conv_id>/assign")
@auth.staff_required
def assign(conv_id: int):
    return _state_action(conv_id, "assign", "Assigned to you.")


# --- simulator -----------------------------------------------------------------------------
# --- outreach tasks from the clock ----------------------------------------------------------
@admin_bp.get("/outreach")
@auth.staff_required
def outreach_page():
    db, staff = auth.db_session(), auth.current_staff()
    rows = outreach.open_tasks(db, staff)
    audit.record(db, staff, "read_outreach", "outreach", None,
                 tasks=[row.task.id for row in rows])
    return render_template("admin/outreach.html", rows=rows)


@admin_bp.post("/outreach/<id:task_id>/done")
@auth.staff_required
def outreach_done(task_id: int):
    db, staff = auth.db_session(), auth.current_staff()
    task = outreach.get_task(db, staff, task_id)
    outreach.mark_done(task, staff)
    audit.record(db, staff, "outreach_done", "staff_task", task.id)
    flash("Marked done.", "ok")
    return redirect(url_for("admin.outreach_page"))


@admin_bp.get("/simulator")
@auth.staff_required
def simulator_page():
    db, staff = auth.db_session(), auth.current_staff()
    query = request.args.get("q", "")
    guardian_id = parse_id(request.args.get("guardian"))
    if request.args.get("guardian") and guardian_id is None:
        abort(404)
    sim = None
    if guardian_id:
        sim = simulator.view(db, staff, scope.get_guardian(db, staff, guardian_id))
        if sim.conversation is not None:
            audit.read_conversation(db, staff, sim.conversation, via="simulator")
    return render_template("admin/simulator.html", query=query, sim=sim,
                           results=simulator.search(db, staff, query))


@admin_bp.post("/simulator")
@auth.staff_required
def simulator_send():
    db, staff = auth.db_session(), auth.current_staff()
    guardian_id = parse_id(request.form.get("guardian"))
    if guardian_id is None:
        abort(404)
    guardian = scope.get_guardian(db, staff, guardian_id)
    text = request.form.get("text", "").strip()
    if text:
        phone = guardian.phone
        db.commit()  # the pipeline uses its own session: nothing of ours may be pending
        result = simulator.simulate(get_pipeline(), phone, text)
        audit.record(db, staff, "simulate", "guardian", guardian.id,
                     conversation_id=result.conversation_id, replies=len(result.texts))
        if not result.texts:
            flash("The bot sent no reply (the conversation is with staff, or the family "
                  "opted out).", "ok")
    return redirect(url_for("admin.simulator_page", guardian=guardian.id,
                            q=request.form.get("q") or None) + "#latest")
