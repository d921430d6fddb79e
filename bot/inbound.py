"""The inbound pipeline: one family message, from any channel, to stored data and a reply.

One ``Pipeline(db, rasa, translator, default_language)`` is built at app start
(bot.web.extensions); every channel route calls ``pipeline.handle(inbound)``. It follows the
design's path: persist first (idempotent on the provider id), keywords by rule, identify the
family by phone, pick the language, stop if staff have the conversation, otherwise ask Rasa for
bot acts and render them through Babel. If Rasa is down or slow the family gets a localized "we
got your message" and staff get the conversation. Nothing here depends on Flask: the Twilio
route, the web chat, the simulator and the tests call it alike. Phone numbers and bodies are
never logged.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.clients.rasa import RasaClient, RasaUnavailable
from bot.clients.translation import Translator
from bot.conversations import (
    BOT_UNAVAILABLE,
    PRIORITY_HIGH,
    PRIORITY_NORMAL,
    hand_off,
    open_conversation,
)
from bot.messages.render import render
from bot.nlu.keywords import START, STOP, match_keyword
from bot.nlu.language_detect import detect
from bot.nlu.preprocess import normalize
from bot.nlu.understand import understand
from bot.opt_out import is_opted_out, opt_in, opt_out
from bot.text.answers import is_short_answer
from bot.text.clean import strip_controls
from bot.text.phones import InvalidPhone, to_e164
from models import Conversation, Guardian, Message
from models.base import utcnow
from models.db import Database

log = logging.getLogger(__name__)
MAX_BODY = 1600  # Twilio's own limit for one message; longer bodies are cut, and kept in full
# An inbound message the bot never saw because Rasa was down: bot.late_replies answers it later.
UNANSWERED, ANSWERED_LATE = "unanswered", "answered_late"
# Stored and shown to staff, not sent to Rasa: one number sending faster than any person types.
THROTTLED = "throttled"
# Given to a worker for Rasa's turn (bot.reply_budget); back to "received" once answered in time.
TURN_QUEUED = "turn_queued"
FLOOD_WINDOW = timedelta(minutes=1)
MIN_TURN_SECONDS = 0.5  # less than this left: answer with the fallback rather than too late


@dataclass
class Inbound:
    channel: str  # "sms" | "whatsapp" | "webchat"
    sender: str  # as the channel gives it: "+19165550101", "whatsapp:+1916..."
    body: str
    provider_id: str | None = None
    media: list[dict] = field(default_factory=list)  # [{"url", "content_type"}]


@dataclass
class Reply:
    texts: list[str]
    language: str
    conversation_id: int | None = None
    duplicate: bool = False


@dataclass
class _Context:
    conv: Conversation
    message: Message
    guardians: list[Guardian]
    language: str
    deadline: float | None = None  # time.monotonic() by which the reply must be ready


def _guardians(session: Session, phone: str) -> list[Guardian]:
    return list(session.scalars(select(Guardian).where(Guardian.phone == phone)
                                .order_by(Guardian.id)))


def _persist(session: Session, inbound: Inbound, phone: str, default_language: str):
    """Store the message before anything can fail. Returns None for a duplicate delivery,
    which leaves nothing behind (no conversation either): the whole transaction is rolled
    back. Concurrent copies of one MessageSid meet at the unique index and all but one end
    here."""
    if inbound.provider_id and session.scalar(
            select(Message.id).where(Message.provider_id == inbound.provider_id)):
        return None  # Twilio retried a MessageSid we already have
    guardians = _guardians(session, phone)
    guardian = guardians[0] if guardians else None
    try:
        conv = open_conversation(session, phone, inbound.channel, guardian)
        message = Message(
            conversation_id=conv.id, direction="in", channel=inbound.channel,
            provider_id=inbound.provider_id, body=inbound.body or "", media=inbound.media or [],
        )
        session.add(message)
        session.flush()
    except IntegrityError:
        session.rollback()
        return None  # the same MessageSid, stored by a concurrent request meanwhile
    # Read at most one SMS worth of text: a huge body is stored, never analysed in full.
    sample = (inbound.body or "")[:MAX_BODY]
    detection = detect(sample)
    language = guardian.language if guardian else (detection.code or default_language)
    children = [child for g in guardians for child in g.students]
    # A name, a number or a yes/no says nothing about the language the family reads.
    if detection.confident and not (guardian and is_short_answer(sample, children)):
        language = detection.code
    message.language = language
    return _Context(conv, message, guardians, language)


def say(session: Session, ctx: _Context, acts: list[dict], status: str = "replied"
        ) -> list[Message]:
    """Render the bot acts in the family's language and store them as outbound messages."""
    said = []
    for act in acts:
        language = act.get("language") or ctx.language
        message = Message(conversation_id=ctx.conv.id, direction="out",
                          channel=ctx.conv.channel, body=render(act, language),
                          language=language, status=status)
        session.add(message)
        said.append(message)
    return said


def _keyword(session: Session, ctx: _Context, kind: str, keyword_language: str) -> list[dict]:
    # An English keyword from a Spanish-speaking family is answered in Spanish.
    if keyword_language != "en":
        ctx.language = keyword_language
    if kind == STOP:
        opt_out(session, ctx.conv.phone)
        return [{"template": "stop_confirm"}]
    if kind == START:
        opt_in(session, ctx.conv.phone)
        return [{"template": "start_confirm"}]
    school = ctx.guardians[0].students[0].school.name if ctx.guardians and \
        ctx.guardians[0].students else ""
    return [{"template": "help", "vars": {"school": school}}]


RESUME_CONFIDENCE = 0.6


def _asks_to_resume(rasa: RasaClient, body: str) -> bool:
    """Does this message ask for texts again? NLU only: an opted-out family's messages never
    start a dialogue. Rasa down means no (they can still text START)."""
    if not body:
        return False
    try:
        intent = rasa.parse(normalize(body[:MAX_BODY])).get("intent") or {}
    except RasaUnavailable:
        return False
    return intent.get("name") == "opt_in" and float(intent.get("confidence") or 0) >= \
        RESUME_CONFIDENCE


def rasa_sender_id(conv: Conversation) -> str:
    """Rasa's tracker key: the conversation id plus its creation time, so a database restored
    from a backup (or a test database) that reuses ids never inherits another dialogue."""
    created = conv.created_at.replace(tzinfo=None)
    return f"conversation-{conv.id}-{created:%Y%m%d%H%M%S%f}"


def _text_for_rasa(rasa: RasaClient, ctx: _Context, body: str,
                   translator: Translator | None) -> tuple[str, dict | None]:
    """What goes to Rasa's turn: the family's words, pre-processed, or their English translation
    when the model is unsure of a non-English text and translation is up (bot.nlu.understand);
    and, when ShowUp already asked the model about that text, its answer (so that the turn
    does not classify the same text again). Without translation (off, down, or the circuit
    open) the original always goes, and the turn classifies it."""
    text = normalize(body[:MAX_BODY])
    if translator is None or not translator.available or ctx.language == "en":
        return text, None
    understood = understand(body[:MAX_BODY], rasa, ctx.language, translator, decided=True,
                            deadline=ctx.deadline)
    return (understood.sent_text or text), understood.parsed


def nlu_metadata(text: str, parsed: dict | None) -> dict:
    """The turn's metadata that hands Rasa the classification of ``text`` it already made
    (flows/showup_components/classifier.py uses it instead of classifying again, only for this
    exact text)."""
    if not parsed or parsed.get("text") != text:
        return {}
    return {"showup_nlu": {key: parsed.get(key) for key in
                           ("text", "intent", "intent_ranking", "entities")}}


def _time_left(ctx: _Context) -> float | None:
    """Seconds left for Rasa's turn; RasaUnavailable (the fallback) when there are none."""
    if ctx.deadline is None:
        return None
    left = ctx.deadline - time.monotonic()
    if left < MIN_TURN_SECONDS:
        raise RasaUnavailable("the turn's deadline has passed")
    return left


def _ask_rasa(session: Session, ctx: _Context, rasa: RasaClient,
              sent: tuple[str, dict | None]) -> list[dict]:
    """Rasa's turn for ``sent`` (``_text_for_rasa``'s answer) as bot acts."""
    text, parsed = sent
    guardian = ctx.guardians[0]
    metadata = {
        "conversation_id": ctx.conv.id, "message_id": ctx.message.id,
        "guardian_id": guardian.id, "guardian_ids": [g.id for g in ctx.guardians],
        "language": ctx.language, **nlu_metadata(text, parsed),
    }
    # The action server reads and writes the same database: let it see this message.
    session.commit()
    messages = rasa.send(rasa_sender_id(ctx.conv), text, metadata, timeout=_time_left(ctx))
    acts = [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]
    if not acts:
        raise RasaUnavailable("no bot acts in Rasa's answer")
    session.expire_all()  # actions may have changed the conversation or the guardian
    return acts


@dataclass
class Pipeline:
    """Everything one inbound message needs, built once per process."""

    db: Database
    rasa: RasaClient
    translator: Translator | None = None
    default_language: str = "en"
    # Messages a minute one phone may send before the rest are only stored (FLOOD_PER_MINUTE).
    flood_per_minute: int = 12
    # One deadline for the whole chain — language, parse, translation, Rasa's turn — well
    # under the 15 s Twilio gives a webhook (TURN_DEADLINE).
    turn_deadline: float = 12.0
    # Set (bot.reply_budget.TurnRunner): Rasa's turn runs in a worker thread and the webhook
    # waits only REPLY_BUDGET for it; None: the webhook waits for the whole turn.
    turns: object | None = None

    def handle(self, inbound: Inbound, wait_for_turn: bool = False) -> Reply:
        """Process one inbound message end to end and return what to answer right now.
        ``wait_for_turn``: wait for Rasa's whole turn even with a REPLY_BUDGET (the simulator:
        its answer must be shown, never sent to the family's phone later)."""
        try:
            phone = to_e164(inbound.sender)
        except InvalidPhone:
            phone = (inbound.sender or "unknown")[:40]
        deadline = time.monotonic() + self.turn_deadline
        inbound.body = strip_controls(inbound.body)
        body = inbound.body.strip()
        with self.db.session() as session:
            ctx = _persist(session, inbound, phone, self.default_language)
            if ctx is None:
                return Reply([], self.default_language, duplicate=True)
            conv_id = ctx.conv.id
            ctx.deadline = deadline
            acts = _route(session, ctx, self.rasa, body, inbound, self.flood_per_minute)
            if acts is RASA_TURN:
                if self.turns is not None and not wait_for_turn:
                    # Answer within REPLY_BUDGET, or later by SMS (bot.reply_budget).
                    return self.turns.run(session, ctx, body)
                acts = rasa_turn(session, ctx, self.rasa, body, self.translator)
            said = say(session, ctx, acts)
            return Reply([m.body for m in said], ctx.language, conv_id)

    @classmethod
    def from_config(cls, db: Database, config) -> Pipeline:
        """The pipeline a process builds once, from a config mapping (Flask's app.config) or
        class (config.Config): the web app, the clock, the turn workers."""
        get = config.get if isinstance(config, dict) else (lambda k: getattr(config, k))
        urls = list(get("RASA_URLS") or [])
        return cls(db=db, rasa=RasaClient(get("RASA_URL"), get("RASA_TIMEOUT"),
                                          fallbacks=tuple(urls[1:])),
                   translator=Translator.from_config(config),
                   default_language=get("DEFAULT_LANGUAGE"),
                   flood_per_minute=get("FLOOD_PER_MINUTE"),
                   turn_deadline=get("TURN_DEADLINE"))

    def context_for(self, session: Session, conv: Conversation, message: Message) -> _Context:
        """The context of a stored message, for a turn taken outside its webhook."""
        return _Context(conv, message, _guardians(session, conv.phone),
                        message.language or self.default_language)

    def answer_late(self, session: Session, conv: Conversation, message: Message,
                    status: str) -> list[Message]:
        """Ask Rasa now about ``message``, stored while it was down; store and return the
        bot's answers (with ``status``) for the caller to send. Raises RasaUnavailable when it
        still does not answer. Commits ``session`` (the action server must see the message)."""
        ctx = self.context_for(session, conv, message)
        acts = _ask_rasa(session, ctx, self.rasa,
                         _text_for_rasa(self.rasa, ctx, message.body, self.translator))
        return say(session, ctx, acts, status)


def _flooding(session: Session, ctx: _Context, limit: int) -> bool:
    """More than ``limit`` messages from this phone in the last minute (this one included)?"""
    since = utcnow() - FLOOD_WINDOW
    recent = session.scalar(
        select(func.count(Message.id)).join(Conversation)
        .where(Conversation.phone == ctx.conv.phone, Message.direction == "in",
               Message.created_at >= since))
    return (recent or 0) > limit


RASA_TURN: list[dict] = []  # _route's answer when the message needs a turn from Rasa (by id)


def _route(session, ctx: _Context, rasa: RasaClient, body: str, inbound: Inbound,
           flood_limit: int = 0) -> list[dict]:
    """What to answer without Rasa (keywords, opted out, unknown number, staff have it,
    throttled, an empty message), or RASA_TURN."""
    keyword = match_keyword(body)
    if keyword:
        return _keyword(session, ctx, *keyword)
    if any(g.opted_out for g in ctx.guardians) or is_opted_out(session, ctx.conv.phone):
        # They asked for no texts: keep the message for staff and send nothing — unless it
        # asks for texts again in a sentence ("you can text me again"), the same as START.
        if _asks_to_resume(rasa, body):
            opt_in(session, ctx.conv.phone)
            return [{"template": "start_confirm"}]
        return []
    if not ctx.guardians:
        if hand_off(ctx.conv, "unknown_number", PRIORITY_NORMAL):
            return [{"template": "unknown_number"}]
        return []
    if ctx.conv.state == "waiting":
        if ctx.conv.handoff_reason == BOT_UNAVAILABLE and body:
            ctx.message.status = UNANSWERED  # the bot answers it when Rasa is back
        return []  # staff have it; they see the message in the inbox
    if flood_limit and _flooding(session, ctx, flood_limit):
        # A runaway phone (a script, a stuck keyboard) must not take Rasa from other families:
        # keep every message for staff, answer none until the minute has passed.
        log.warning("throttled a message in conversation %s (over %d a minute)", ctx.conv.id,
                    flood_limit)
        ctx.message.status = THROTTLED
        return []
    if not body:
        return [{"template": "media_received" if inbound.media else "empty_message"}]
    return RASA_TURN


def rasa_turn(session, ctx: _Context, rasa: RasaClient, body: str,
              translator: Translator | None = None) -> list[dict]:
    """Rasa's answer to the message as bot acts; if Rasa does not answer (down, or the deadline
    passed), the localized "we got your message", the conversation handed to staff and the
    message marked unanswered (bot.late_replies answers it when Rasa is back)."""
    try:
        return _ask_rasa(session, ctx, rasa, _text_for_rasa(rasa, ctx, body, translator))
    except RasaUnavailable as exc:
        log.warning("rasa unavailable for conversation %s: %s", ctx.conv.id, exc)
        conv = session.get(Conversation, ctx.conv.id)
        ctx.conv = conv
        hand_off(conv, BOT_UNAVAILABLE, PRIORITY_HIGH)
        ctx.message.status = UNANSWERED
        return [{"template": "received_followup"}]
