"""A conversation's Rasa session never holds more than ``SESSION_TURNS`` family messages.

Everything Rasa does for a message grows with the session it belongs to: the SQL tracker store
reads every event since the session started, RulePolicy turns the whole session into states for
each prediction, and each call to the action server carries the whole tracker. A session lasts
12 hours (domain.yml), so a family that texts a lot in one morning made each of its messages
dearer than the last: the 100th cost 5.9 times the first (bench/rasa_turn.py).

``install()`` makes Rasa start a new session, carrying every slot over, when a family's message
arrives and the current session already holds ``SESSION_TURNS`` messages. Only at rest: never in
the middle of a form (the absence form keeps its questions), never while an action is pending.
The dialogue does not notice: ShowUp's rules each span one message (flows/data/rules.yml), its
slots do not influence the conversation and carry over, and the actions read slots, never past
events. Rasa's tracker store keeps every session; it only reads the last one.

The 12-hour expiry stays as it was, with no carry-over (a new day starts afresh).
``SHOWUP_STOCK_RASA=1`` leaves Rasa stock (bench/rasa_turn.py compares the two side by side).
"""

from __future__ import annotations

import os
from typing import Any

from rasa.core import processor as rasa_processor
from rasa.core.actions.action import ActionSessionStart
from rasa.core.policies.policy import PolicyPrediction
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered

# Ten messages: a family's whole day, usually; a flood or a long chat starts a new session.
SESSION_TURNS = 10

_ORIGINAL = rasa_processor.MessageProcessor._update_tracker_session


class ActionRollOverSession(ActionSessionStart):
    """``action_session_start`` that always carries the slots over, whatever the domain says:
    one SlotSet per slot that holds a value now. (Rasa's own carry-over copies every SlotSet of
    the session, the carried ones included, so each new session would start longer than the
    last.)"""

    async def run(self, output_channel, nlg, tracker, domain) -> list:
        return [SessionStarted(), *carried_slots(tracker), ActionExecuted(ACTION_LISTEN_NAME)]


def carried_slots(tracker) -> list[SlotSet]:
    """The slots whose value is not their initial one, each set once to its current value."""
    return [SlotSet(name, slot.value) for name, slot in tracker.slots.items()
            if slot.value != slot.initial_value]


def messages_in_session(tracker) -> int:
    """Family messages since the session started (reverted ones included: they cost the same)."""
    count = 0
    for event in reversed(tracker.events):
        if isinstance(event, SessionStarted):
            break
        if isinstance(event, UserUttered):
            count += 1
    return count


def should_roll_over(tracker, limit: int = SESSION_TURNS) -> bool:
    """At rest (listening, no active form) with ``limit`` messages in the session already."""
    return (tracker.latest_action_name == ACTION_LISTEN_NAME
            and not tracker.active_loop_name
            and messages_in_session(tracker) >= limit)


async def _update_tracker_session(self, tracker, output_channel,
                                  metadata: dict[str, Any] | None = None) -> None:
    if tracker.applied_events() and not self._has_session_expired(tracker) \
            and should_roll_over(tracker):
        await self._run_action(
            action=ActionRollOverSession(), tracker=tracker, output_channel=output_channel,
            nlg=self.nlg,
            prediction=PolicyPrediction.for_action_name(self.domain, ACTION_SESSION_START_NAME))
        return
    await _ORIGINAL(self, tracker, output_channel, metadata)


def install() -> None:
    if os.environ.get("SHOWUP_STOCK_RASA") != "1":
        rasa_processor.MessageProcessor._update_tracker_session = _update_tracker_session
