"""GET /healthz: the state of every part ShowUp needs, as JSON; 503 when one is down."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import requests
from flask import Blueprint, current_app, jsonify
from sqlalchemy import select, text

from bot.web.extensions import get_db
from models import Heartbeat

health_bp = Blueprint("health", __name__)


def check_database() -> dict:
    try:
        with get_db().session() as session:
            session.execute(text("SELECT 1"))
        return {"ok": True}
    except Exception as exc:  # any driver error means "down"
        return {"ok": False, "error": type(exc).__name__}


def check_http(url: str) -> dict:
    try:
        resp = requests.get(url, timeout=2)
    except requests.RequestException as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": resp.status_code == 200, "status": resp.status_code}


def _rasa_status(url: str) -> dict:
    try:
        resp = requests.get(url.rstrip("/") + "/status", timeout=2)
        model = resp.json().get("model_file") if resp.status_code == 200 else None
    except (requests.RequestException, ValueError) as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": bool(model), "status": resp.status_code, "model": model}


def check_rasa() -> dict:
    """Up means Rasa answers /status with a loaded model: without one it cannot reply. With
    several instances (RASA_URLS), each is listed, and the bot is up while one of them is."""
    urls = current_app.config.get("RASA_URLS") or [current_app.config["RASA_URL"]]
    if len(urls) == 1:
        return _rasa_status(urls[0])
    instances = {url: _rasa_status(url) for url in urls}
    return {"ok": any(i["ok"] for i in instances.values()), "instances": instances}


def check_scheduler() -> dict:
    stale_after = timedelta(seconds=3 * current_app.config["HEARTBEAT_SECONDS"])
    try:
        with get_db().session() as session:
            beat = session.scalar(select(Heartbeat.beat_at).where(Heartbeat.name == "clock"))
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    if beat is None:
        return {"ok": False, "error": "no heartbeat yet"}
    if beat.tzinfo is None:  # SQLite returns naive datetimes
        beat = beat.replace(tzinfo=UTC)
    age = (datetime.now(UTC) - beat).total_seconds()
    return {"ok": age <= stale_after.total_seconds(), "last_heartbeat_seconds_ago": round(age)}


def check_sms() -> dict:
    """Can the outbox send? A half-configured Twilio (an account SID but no Messaging Service
    or From number) is reported here, not as an error logged every 5 s by the clock."""
    from bot.outbox.transports import build_transport

    try:
        transport = build_transport(current_app.config)
    except ValueError as exc:
        return {"ok": False, "error": str(exc)}
    return {"ok": True, "transport": type(transport).__name__.removesuffix("Transport").lower()}


@health_bp.get("/healthz")
def healthz():
    parts = {
        "database": check_database(),
        "rasa": check_rasa(),
        "action_server": check_http(current_app.config["ACTIONS_URL"].rstrip("/") + "/health"),
        "scheduler": check_scheduler(),
        "sms": check_sms(),
    }
    ok = all(p["ok"] for p in parts.values())
    return jsonify(status="ok" if ok else "degraded", parts=parts), 200 if ok else 503
