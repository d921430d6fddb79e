"""Twilio webhooks: POST /twilio/sms (SMS, MMS and whatsapp: senders) and POST /twilio/status.

The reply goes back as TwiML. The database being down answers 503 so Twilio retries later;
a retried MessageSid is stored once and answered once (an empty TwiML the second time)."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, request
from sqlalchemy.exc import OperationalError
from twilio.twiml.messaging_response import MessagingResponse

from bot.channels.twilio_signature import validate_twilio_request
from bot.inbound import Inbound
from bot.web.extensions import get_db, get_pipeline

log = logging.getLogger(__name__)
twilio_bp = Blueprint("twilio", __name__, url_prefix="/twilio")
MAX_MEDIA = 10  # Twilio sends at most 10 media items per message


def inbound_from_form(form) -> Inbound:
    sender = form.get("From", "")
    media = []
    try:
        count = min(int(form.get("NumMedia", "0") or 0), MAX_MEDIA)
    except ValueError:
        count = 0
    for i in range(count):
        if form.get(f"MediaUrl{i}"):
            media.append({"url": form[f"MediaUrl{i}"],
                          "content_type": form.get(f"MediaContentType{i}", "")})
    return Inbound(
        channel="whatsapp" if sender.lower().startswith("whatsapp:") else "sms",
        sender=sender, body=form.get("Body", ""), provider_id=form.get("MessageSid"),
        media=media,
    )


def twiml(texts: list[str]) -> Response:
    response = MessagingResponse()
    for text in texts:
        response.message(text)
    return Response(str(response), mimetype="application/xml")


@twilio_bp.post("/sms")
@validate_twilio_request
def sms():
    if not request.form.get("From") or not request.form.get("MessageSid"):
        abort(400, "From and MessageSid are required")
    try:
        reply = get_pipeline().handle(inbound_from_form(request.form))
    except OperationalError:
        log.error("database unavailable: asking Twilio to retry")
        return Response("database unavailable", status=503, headers={"Retry-After": "30"})
    return twiml(reply.texts)


@twilio_bp.post("/status")
@validate_twilio_request
def status():
    from bot.delivery_status import record_status

    sid = request.form.get("MessageSid")
    if not sid:
        abort(400, "MessageSid is required")
    with get_db().session() as session:
        record_status(session, sid, request.form.get("MessageStatus", ""),
                      request.form.get("ErrorCode") or None)
    return Response(status=204)
