"""Staff sign-in, the request's database session, CSRF, and who may see what.

- ``authenticate(session, email, password)`` checks werkzeug password hashes (constant work
  whether or not the email exists, so the login form does not reveal which emails are staff).
- ``sign_in`` / ``sign_out``: a server-side session (bot.web.sessions) behind the cookie; signing
  out ends it, so a copied cookie stops working.
- ``staff_required`` redirects to the login page unless a staff member is signed in; it puts the
  ``StaffUser`` in ``g.staff``.
- Every POST to the admin blueprint must carry the session's CSRF token (``check_csrf``).
- Who may see what is admin.scope.

Nothing here logs an email, a phone number or a message body.
"""

from __future__ import annotations

import functools
import secrets
import time
from urllib.parse import urlsplit

from flask import abort, current_app, g, redirect, request, session, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from bot.web import csrf
from bot.web import sessions as web_sessions
from models import StaffUser

SESSION_KEY = "staff_id"
CSRF_KEY = "csrf_token"
LOGIN_AT_KEY = "login_at"
MAX_SESSION_SECONDS = 12 * 3600  # a shared school-office computer: sign in again each day
_DUMMY_HASH: str | None = None


# --- the request's database session --------------------------------------------------------
def db_session() -> Session:
    """One session per request: committed after any non-5xx response, closed at teardown
    (see admin.views). Audit rows are written in it, so they commit with the response."""
    if "admin_db" not in g:
        g.admin_db = current_app.extensions["db"].Session()
    return g.admin_db


def finish_request(response):
    db = g.get("admin_db")
    # 4xx answers commit too: a re-rendered form (400) still showed the conversation, and its
    # audit row must stay. Views validate before they write anything else.
    if db is not None and response.status_code < 500:
        db.commit()
    return response


def close_request(exc: BaseException | None) -> None:
    db = g.pop("admin_db", None)
    if db is not None:
        if exc is not None:
            db.rollback()
        db.close()


# --- sign-in -------------------------------------------------------------------------------
def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = generate_password_hash(secrets.token_hex(16))
    return _DUMMY_HASH


def staff_by_email(db: Session, email: str) -> StaffUser | None:
    email = (email or "").strip().lower()
    return db.scalar(select(StaffUser).where(func.lower(StaffUser.email) == email)) \
        if email else None


def authenticate(db: Session, email: str, password: str) -> StaffUser | None:
    user = staff_by_email(db, email)
    if user is None:
        check_password_hash(_dummy_hash(), password or "")  # same work as a real check
        return None
    if not password or not check_password_hash(user.password_hash, password):
        return None
    return None if user.disabled_at is not None else user


def sign_in(user: StaffUser) -> None:
    # A fresh session on sign-in: nothing from before (a planted token) survives it, and the
    # server remembers it (bot.web.sessions), so signing out really ends it.
    token = web_sessions.start(db_session(), staff_id=user.id)
    session.clear()
    session[SESSION_KEY] = token
    session[LOGIN_AT_KEY] = int(time.time())
    session[CSRF_KEY] = secrets.token_urlsafe(32)


def sign_out() -> None:
    """End this browser's session on the server too: a copy of the cookie stops working."""
    web_sessions.end(db_session(), session.get(SESSION_KEY))
    session.clear()


def current_staff() -> StaffUser | None:
    if "staff" in g:
        return g.staff
    staff = None
    login_at = session.get(LOGIN_AT_KEY) or 0
    if time.time() - login_at < MAX_SESSION_SECONDS:
        found = web_sessions.owner(db_session(), session.get(SESSION_KEY))
        if found is not None and found.staff_id is not None:
            staff = db_session().get(StaffUser, found.staff_id)
            if staff is not None and staff.disabled_at is not None:
                staff = None  # disabled meanwhile: signed out at the next click
    g.staff = staff
    return staff


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never an open redirect to another host."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


def staff_required(view):
    """Access check for every staff page: no signed-in staff member, no page."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_staff() is None:
            session.pop(SESSION_KEY, None)
            nxt = request.full_path.rstrip("?") if request.method == "GET" else None
            return redirect(url_for("admin.login", next=nxt))
        return view(*args, **kwargs)

    return wrapped


# --- CSRF ----------------------------------------------------------------------------------
def csrf_token() -> str:
    return csrf.token(CSRF_KEY)


def check_csrf() -> None:
    """Reject (400) a POST whose token is missing or is not this session's."""
    if request.method == "POST" and not csrf.valid(CSRF_KEY):
        abort(400, "This form has expired or did not come from this site. Reload and retry.")
