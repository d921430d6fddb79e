"""The webhook never waits long on a slow bot (REPLY_BUDGET).

``TurnRunner.run(session, ctx, body)`` is called by the pipeline once a message needs Rasa. It
marks the message "turn_queued" (committed: the database is the durable record of the turn),
gives the turn to a worker thread, and waits at most ``budget`` seconds:

- the turn finished in time: its replies go back in the webhook's answer (TwiML), as before;
- it did not, or no thread was free to start it (it would only wait behind the others, holding
  a request thread that another family's webhook needs): the webhook answers now with nothing
  (empty TwiML), and when the turn finishes its
  replies are sent through the outbox — the family gets the bot's real answer, a little later,
  never a hand-off to staff because the machine was busy. If Rasa fails, the late answer is the
  localized "we got your message" and the conversation goes to staff, as in the webhook.

The message is claimed in the shared turn queue as it is stored (bot.turn_queue), so no other
process takes it while this one can still answer in time. When every thread is busy with a
backlog, the webhook does not add to it: the message stays in the queue unclaimed, Twilio gets
its empty answer at once, and a ``turns`` worker process — on this machine or another — answers
through the outbox. A process that dies mid-turn leaves its claim to expire, and the turn is
taken again once by the queue (bot.turn_queue.LEASE).

One conversation's turns run one at a time in a process (a lock per conversation), in arrival
order; the queue's workers also claim a conversation's turns in order, and across processes
Rasa's lock store serializes a conversation.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from bot.inbound import ANSWERED_LATE, TURN_QUEUED, Reply, rasa_turn, say
from bot.outbox.enqueue import enqueue_reply
from bot.turn_queue import claim_new, worker_name
from models import Conversation, Message

log = logging.getLogger(__name__)
LOCK_STRIPES = 64
BACKLOG = 2  # turns per thread, running and waiting, before the queue's workers take the rest


@dataclass
class _Handover:
    """Between the webhook, which waits, and the worker, which answers: whoever comes second
    sees what the first decided (under ``lock``)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    done: threading.Event = field(default_factory=threading.Event)
    gave_up: bool = False  # the webhook answered without the replies: send them by SMS
    texts: list[str] | None = None  # the replies, when ready in time


class TurnRunner:
    def __init__(self, pipeline, budget: float, threads: int = 4):
        self.pipeline = pipeline
        self.budget = budget
        self.threads = threads
        self._executor: ThreadPoolExecutor | None = None  # made in the worker, after a fork
        self._guard = threading.Lock()
        # One conversation's turns one at a time: a fixed set of locks, striped by conversation
        # id (bounded memory; two conversations rarely share one with a few threads).
        self._stripes = [threading.Lock() for _ in range(LOCK_STRIPES)]
        self.pending: set[Future] = set()
        self.worker = worker_name("web")

    def _pool(self) -> ThreadPoolExecutor:
        with self._guard:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self.threads, thread_name_prefix="turn")
            return self._executor

    def saturated(self) -> bool:
        """Every thread busy and as many turns again waiting: more would only wait longer."""
        with self._guard:
            return len(self.pending) >= self.threads * BACKLOG

    def run(self, session, ctx, body: str) -> Reply:
        if self.saturated():
            ctx.message.status = TURN_QUEUED  # unclaimed: for the turns workers
            session.commit()
            log.info("conversation %s: busy, the turn is left to the queue", ctx.conv.id)
            return Reply([], ctx.language, ctx.conv.id)
        claim_new(ctx.message, self.worker)
        session.commit()
        handover = _Handover()
        with self._guard:
            starts_now = len(self.pending) < self.threads
        future = self._pool().submit(self._turn, ctx.conv.id, ctx.message.id, body, handover)
        with self._guard:
            self.pending.add(future)
        future.add_done_callback(self._forget)
        if starts_now:
            handover.done.wait(self.budget)
        with handover.lock:
            if handover.texts is not None:
                return Reply(handover.texts, ctx.language, ctx.conv.id)
            handover.gave_up = True
        log.info("conversation %s: the bot's answer will follow by SMS", ctx.conv.id)
        return Reply([], ctx.language, ctx.conv.id)

    def _forget(self, future: Future) -> None:
        with self._guard:
            self.pending.discard(future)

    def wait(self, timeout: float | None = None) -> None:
        """Wait for every turn under way (tests, shutdown)."""
        with self._guard:
            pending = list(self.pending)
        for future in pending:
            future.result(timeout)

    def _conversation_lock(self, conv_id: int) -> threading.Lock:
        return self._stripes[conv_id % LOCK_STRIPES]

    def _turn(self, conv_id: int, message_id: int, body: str, handover: _Handover) -> None:
        try:
            with self._conversation_lock(conv_id), self.pipeline.db.session() as session:
                conv, message = session.get(Conversation, conv_id), session.get(Message,
                                                                                 message_id)
                ctx = self.pipeline.context_for(session, conv, message)
                acts = rasa_turn(session, ctx, self.pipeline.rasa, body,
                                 self.pipeline.translator)
                conv, message = session.get(Conversation, conv_id), session.get(Message,
                                                                                 message_id)
                with handover.lock:
                    late = handover.gave_up
                    said = say(session, ctx, acts, status="queued" if late else "replied")
                    if message.status == TURN_QUEUED:
                        message.status = ANSWERED_LATE if late else "received"
                    if late:
                        for index, reply in enumerate(said):
                            enqueue_reply(session, conv, f"turn-reply:{message_id}:{index}",
                                          reply, message)
                    session.commit()
                    if not late:
                        handover.texts = [m.body for m in said]
        except Exception:
            # The message stays "turn_queued" and claimed: once the claim expires, the queue
            # takes the turn again (bot.turn_queue).
            log.exception("turn for conversation %s failed", conv_id)
        finally:
            handover.done.set()

