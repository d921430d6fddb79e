"""Staff logins for district staff (/admin/staff): invite a colleague (the district sends them a
one-time link to choose a password), set their role and schools, disable or enable them.
School staff get 404. A disabled login cannot sign in, and its open sessions end at once.

Invitation links are signed (itsdangerous), valid INVITE_DAYS, and bound to the login's current
password hash, so a link stops working once it has been used, or once the password changes.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import abort, current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict
from werkzeug.security import generate_password_hash

from bot.web import sessions as web_sessions
from bot.web.ids import parse_id
from models import School, StaffUser
from models.base import utcnow

INVITE_DAYS = 7
MIN_PASSWORD = 12
ROLES = ("school", "district")


class StaffError(ValueError):
    """The form cannot be saved; the message says why."""


def require_district(staff: StaffUser) -> None:
    if staff.role != "district":
        abort(404)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="staff-invite")


def _fingerprint(user: StaffUser) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def invite_token(user: StaffUser) -> str:
    return _serializer().dumps({"id": user.id, "pw": _fingerprint(user)})


def invited_user(db: Session, token: str) -> StaffUser | None:
    """The login this invitation is for, or None (forged, expired, used, or disabled)."""
    try:
        data = _serializer().loads(token, max_age=INVITE_DAYS * 86400)
    except BadSignature:
        return None
    user = db.get(StaffUser, parse_id(data.get("id"))) if isinstance(data, dict) and \
        parse_id(data.get("id")) else None
    if user is None or user.disabled_at is not None or data.get("pw") != _fingerprint(user):
        return None
    return user


def accept_invite(db: Session, user: StaffUser, password: str, again: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise StaffError(f"Choose a password of at least {MIN_PASSWORD} characters.")
    if password != again:
        raise StaffError("The two passwords differ.")
    user.password_hash = generate_password_hash(password)
    web_sessions.end_all(db, staff_id=user.id)


def _schools(db: Session, form: MultiDict) -> list[School]:
    ids = {parse_id(raw) for raw in form.getlist("school")}
    if None in ids:
        abort(404)
    schools = list(db.scalars(select(School).where(School.id.in_(ids)))) if ids else []
    if len(schools) != len(ids):
        abort(404)
    return schools


def save(db: Session, form: MultiDict, user: StaffUser | None = None) -> tuple[StaffUser, bool]:
    """Create (invite) or update a login from the form; (login, created)."""
    role = form.get("role", "school")
    if role not in ROLES:
        raise StaffError("Pick a role.")
    schools = _schools(db, form)
    if role == "school" and not schools:
        raise StaffError("A school login needs at least one school.")
    name = form.get("name", "").strip()[:200]
    created = user is None
    if created:
        email = form.get("email", "").strip().lower()
        if "@" not in email or len(email) > 200:
            raise StaffError("Type the colleague's email address.")
        if db.scalar(select(StaffUser.id).where(StaffUser.email == email)):
            raise StaffError(f"{email} already has a login.")
        # No password until they accept the invitation: a random one nobody knows.
        user = StaffUser(email=email, password_hash=generate_password_hash(
            secrets.token_urlsafe(32)))
        db.add(user)
    user.name, user.role = name or user.name, role
    user.schools = [] if role == "district" else schools
    db.flush()
    return user, created


def set_disabled(db: Session, user: StaffUser, actor: StaffUser, disabled: bool) -> None:
    if user.id == actor.id:
        raise StaffError("You cannot disable your own login.")
    user.disabled_at = utcnow() if disabled else None
    if disabled:
        web_sessions.end_all(db, staff_id=user.id)


def all_staff(db: Session) -> list[StaffUser]:
    return list(db.scalars(select(StaffUser).order_by(StaffUser.disabled_at.is_not(None),
                                                      StaffUser.role, StaffUser.email)))
