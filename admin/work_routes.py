"""Staff work lists under /admin: absences to enter in the SIS, resource requests, and (district
staff only) the audit log. Routes are thin: parse, one call into admin.absences, admin.requests or
admin.audit_log, audit, render. Every read, change and download writes an audit row.
"""

from __future__ import annotations

import io

from flask import Response, abort, flash, redirect, render_template, request, url_for

from admin import (
    absences,
    audit,
    audit_log,
    auth,
    dashboard,
    events,
    requests,
    scope,
    staff_admin,
    staff_writing,
)
from admin.views import admin_bp
from bot import csv_safe
from bot.absences import mark_entered
from bot.exports import export_absences
from bot.imports.csv_file import RowError
from bot.nlu.labels import RESOURCE_TYPES
from bot.outreach.invitations import cancel_event
from bot.web.extensions import district_today
from models import StaffUser
from models.resource import REQUEST_STATUSES


def _csv_text(columns: list[str], rows: list[list]) -> str:
    """Spreadsheet-safe CSV (bot.csv_safe), as every staff download is."""
    out = io.StringIO()
    writer = csv_safe.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def _download(filename: str, text: str) -> Response:
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


# --- absences --------------------------------------------------------------------------------
@admin_bp.get("/absences")
@auth.staff_required
def absences_page():
    db, staff = auth.db_session(), auth.current_staff()
    page = absences.work_list(db, staff, request.args)
    audit.record(db, staff, "read_absences", "absence_report", None,
                 reports=[row.report.id for row in page.rows], filter=page.args)
    return render_template("admin/absences.html", page=page, reasons=absences.ABSENCE_REASONS,
                           kinds=absences.KINDS)


@admin_bp.post("/absences/entered")
@auth.staff_required
def absences_entered():
    db, staff = auth.db_session(), auth.current_staff()
    ids = absences.ids_in_scope(db, staff, request.form.getlist("report"))
    marked = mark_entered(db, staff, ids) if ids else 0
    audit.record(db, staff, "absences_entered", "absence_report", None, reports=ids,
                 newly_marked=marked)
    flash(f"Marked {marked} report(s) entered in the SIS." if ids else
          "Tick the reports you entered first.", "ok" if ids else "error")
    back = {key: value for key, value in request.form.items() if key.startswith("f_")}
    return redirect(url_for("admin.absences_page",
                            **{key[2:]: value for key, value in back.items() if value}))


@admin_bp.get("/absences.csv")
@auth.staff_required
def absences_csv():
    db, staff = auth.db_session(), auth.current_staff()
    f = absences.parse_filter(db, staff, request.args)
    out = io.StringIO()
    rows = export_absences(db, out, f)
    audit.record(db, staff, "export_absences", "absence_report", None, rows=rows,
                 filter=absences.filter_args(f, request.args.get("school", "")))
    return _download("absences.csv", out.getvalue())


# --- resource requests -----------------------------------------------------------------------
@admin_bp.get("/requests")
@auth.staff_required
def requests_page():
    db, staff = auth.db_session(), auth.current_staff()
    page = requests.work_list(db, staff, request.args)
    audit.record(db, staff, "read_requests", "resource_request", None,
                 requests=[row.request.id for row in page.rows], filter=page.args)
    return render_template("admin/requests.html", page=page, statuses=REQUEST_STATUSES,
                           types=RESOURCE_TYPES)


@admin_bp.post("/requests/<id:request_id>")
@auth.staff_required
def request_update(request_id: int):
    db, staff = auth.db_session(), auth.current_staff()
    found = requests.get_request(db, staff, request_id)
    changed = requests.update(found, staff, request.form)
    audit.record(db, staff, "update_request", "resource_request", found.id, **changed)
    flash(f"Request updated: {found.resource_type.replace('_', ' ')}, {found.status}."
          if changed else "Nothing changed.", "ok")
    back = {key[2:]: value for key, value in request.form.items()
            if key.startswith("f_") and value}
    return redirect(url_for("admin.requests_page", **back) + f"#request-{found.id}")


# --- audit log (district staff only) ---------------------------------------------------------
@admin_bp.get("/audit")
@auth.staff_required
def audit_page():
    db, staff = auth.db_session(), auth.current_staff()
    audit_log.require_district(staff)
    page = audit_log.read(db, request.args)
    audit.record(db, staff, "read_audit", "audit", None, filter=page.args)
    return render_template("admin/audit.html", page=page)


# --- saved replies ---------------------------------------------------------------------------
@admin_bp.get("/saved-replies")
@auth.staff_required
def saved_replies_page():
    db = auth.db_session()
    return render_template("admin/saved_replies.html", saved=staff_writing.all_saved(db),
                           form={})


@admin_bp.post("/saved-replies")
@auth.staff_required
def saved_reply_add():
    db, staff = auth.db_session(), auth.current_staff()
    form = request.form
    try:
        saved = staff_writing.add_saved(db, staff, form.get("title", ""),
                                        form.get("language", ""), form.get("body", ""),
                                        form.get("english", ""))
    except staff_writing.WritingError as exc:
        flash(str(exc), "error")
        return render_template("admin/saved_replies.html", saved=staff_writing.all_saved(db),
                               form=form), 400
    audit.record(db, staff, "add_saved_reply", "saved_reply", saved.id,
                 language=saved.language)
    flash(f"Saved “{saved.title}”.", "ok")
    return redirect(url_for("admin.saved_replies_page"))


@admin_bp.post("/saved-replies/<id:saved_id>/delete")
@auth.staff_required
def saved_reply_delete(saved_id: int):
    db, staff = auth.db_session(), auth.current_staff()
    saved = staff_writing.get_saved(db, saved_id)
    if staff.role != "district" and saved.created_by_id != staff.id:
        abort(403)  # everyone sees saved replies; only their author or the district deletes
    audit.record(db, staff, "delete_saved_reply", "saved_reply", saved.id)
    db.delete(saved)
    flash(f"Deleted “{saved.title}”.", "ok")
    return redirect(url_for("admin.saved_replies_page"))


# --- dashboard -------------------------------------------------------------------------------
def _board():
    db, staff = auth.db_session(), auth.current_staff()
    return db, staff, dashboard.build(db, staff, request.args.get("school"), district_today())


@admin_bp.get("/dashboard")
@auth.staff_required
def dashboard_page():
    db, staff, board = _board()
    audit.record(db, staff, "read_dashboard", "dashboard", None,
                 school=board.school_id)
    return render_template("admin/dashboard.html", board=board)


@admin_bp.get("/dashboard/<key>.csv")
@auth.staff_required
def dashboard_csv(key: str):
    db, staff, board = _board()
    found = dashboard.figure(board, key)
    audit.record(db, staff, "export_dashboard", "dashboard", None, figure=key,
                 school=board.school_id, rows=len(found.rows))
    return _download(f"{key}.csv", _csv_text(found.columns, found.rows))


# --- events ----------------------------------------------------------------------------------
def _event_form(event=None, form=None, error=None, status=200):
    db, staff = auth.db_session(), auth.current_staff()
    rows = events.rsvps(db, staff, event) if event is not None else []
    if event is not None:
        audit.record(db, staff, "read_event", "event", event.id,
                     rsvps=[rsvp.id for rsvp, _ in rows])
    return render_template(
        "admin/event.html", event=event, form=form, error=error, rsvps=rows,
        totals=events.totals(db, staff, [event.id])[event.id] if event is not None else None,
        titles=events.titles_by_language(event), schools=scope.visible_schools(db, staff),
        editable=event is None or events.may_edit(staff, event),
        local_input=events.local_input), status


@admin_bp.get("/events")
@auth.staff_required
def events_page():
    db, staff = auth.db_session(), auth.current_staff()
    past = request.args.get("past") == "1"
    found = events.list_events(db, staff, past)
    audit.record(db, staff, "read_events", "event", None, events=[e.id for e in found])
    return render_template("admin/events.html", events=found, past=past,
                           totals=events.totals(db, staff, [e.id for e in found]),
                           starts_local=events.starts_local)


@admin_bp.route("/events/new", methods=["GET", "POST"])
@auth.staff_required
def event_new():
    if request.method == "GET":
        return _event_form()
    db, staff = auth.db_session(), auth.current_staff()
    try:
        event, _ = events.save(db, staff, request.form)
    except RowError as exc:
        db.rollback()
        return _event_form(form=request.form, error=str(exc), status=400)
    audit.record(db, staff, "create_event", "event", event.id)
    flash(f"Event created: {event.title}. Its titles are being translated.", "ok")
    return redirect(url_for("admin.event_page", event_id=event.id))


@admin_bp.route("/events/<id:event_id>", methods=["GET", "POST"])
@auth.staff_required
def event_page(event_id: int):
    db, staff = auth.db_session(), auth.current_staff()
    event = events.get_event(db, staff, event_id)
    if request.method == "GET":
        return _event_form(event)
    if not events.may_edit(staff, event):
        abort(403)
    try:
        _, outcome = events.save(db, staff, request.form, event)
    except RowError as exc:
        db.rollback()
        return _event_form(events.get_event(db, staff, event_id), form=request.form,
                           error=str(exc), status=400)
    audit.record(db, staff, "update_event", "event", event.id, outcome=outcome)
    flash("Event saved." if outcome != "unchanged" else "Nothing changed.", "ok")
    return redirect(url_for("admin.event_page", event_id=event.id))


@admin_bp.post("/events/<id:event_id>/cancel")
@auth.staff_required
def event_cancel(event_id: int):
    db, staff = auth.db_session(), auth.current_staff()
    event = events.get_event(db, staff, event_id)
    if not events.may_edit(staff, event):
        abort(403)
    result = cancel_event(db, event)
    audit.record(db, staff, "cancel_event", "event", event.id, texted=result.queued)
    flash(f"Event cancelled; {result.queued} famil{'y' if result.queued == 1 else 'ies'} "
          "who said yes or maybe will get a text.", "ok")
    return redirect(url_for("admin.event_page", event_id=event.id))


@admin_bp.get("/events/<id:event_id>/rsvps.csv")
@auth.staff_required
def event_rsvps_csv(event_id: int):
    db, staff = auth.db_session(), auth.current_staff()
    event = events.get_event(db, staff, event_id)
    rows = events.rsvp_rows(db, staff, event)
    audit.record(db, staff, "export_rsvps", "event", event.id, rows=len(rows))
    return _download(f"rsvps-{event.code}.csv", _csv_text(events.RSVP_COLUMNS, rows))


# --- staff logins (district staff only) ------------------------------------------------------
def _staff_page(invite=None, error=None, form=None, status=200):
    db = auth.db_session()
    return render_template("admin/staff.html", people=staff_admin.all_staff(db),
                           schools=scope.visible_schools(db, auth.current_staff()),
                           invite=invite, error=error, form=form or {}), status


def _invite_link(user) -> str:
    return url_for("admin.accept_invite", token=staff_admin.invite_token(user), _external=True)


@admin_bp.get("/staff")
@auth.staff_required
def staff_page():
    staff_admin.require_district(auth.current_staff())
    return _staff_page()


@admin_bp.post("/staff")
@auth.staff_required
def staff_create():
    db, staff = auth.db_session(), auth.current_staff()
    staff_admin.require_district(staff)
    try:
        user, _ = staff_admin.save(db, request.form)
    except staff_admin.StaffError as exc:
        return _staff_page(error=str(exc), form=request.form, status=400)
    audit.record(db, staff, "create_staff", "staff", user.id, role=user.role,
                 schools=[s.id for s in user.schools])
    return _staff_page(invite=(user, _invite_link(user)))


@admin_bp.post("/staff/<id:staff_id>")
@auth.staff_required
def staff_update(staff_id: int):
    db, staff = auth.db_session(), auth.current_staff()
    staff_admin.require_district(staff)
    user = db.get(StaffUser, staff_id) or abort(404)
    action = request.form.get("action", "save")
    try:
        if action in ("disable", "enable"):
            staff_admin.set_disabled(db, user, staff, action == "disable")
        elif action == "invite":
            audit.record(db, staff, "invite_staff", "staff", user.id)
            return _staff_page(invite=(user, _invite_link(user)))
        else:
            staff_admin.save(db, request.form, user)
    except staff_admin.StaffError as exc:
        return _staff_page(error=str(exc), status=400)
    audit.record(db, staff, f"{action}_staff" if action != "save" else "update_staff", "staff",
                 user.id, role=user.role, schools=[s.id for s in user.schools])
    done = {"disable": "disabled", "enable": "enabled"}.get(action, "saved")
    flash(f"{user.email}: {done}.", "ok")
    return redirect(url_for("admin.staff_page"))


@admin_bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invite(token: str):
    """A colleague's invitation: choose a password, then sign in. No login needed."""
    db = auth.db_session()
    user = staff_admin.invited_user(db, token)
    if user is None:
        return render_template("admin/invite.html", user=None), 404
    error = None
    if request.method == "POST":
        try:
            staff_admin.accept_invite(db, user, request.form.get("password", ""),
                                      request.form.get("again", ""))
        except staff_admin.StaffError as exc:
            error = str(exc)
        else:
            audit.record(db, user, "accept_invite", "staff", user.id)
            flash("Password set. Sign in with your email and the new password.", "ok")
            return redirect(url_for("admin.login"))
    return render_template("admin/invite.html", user=user, error=error), 400 if error else 200
