"""One compiled validator for the action server's answers, instead of one per call.

Rasa 3.6 checks every action server answer with ``jsonschema.validate(result, schema)``, which
re-checks the (fixed) schema and builds a new validator on each call: 17.7 ms a call against
1.3 ms with a reused one, three action calls per family message — about half of Rasa's CPU per
message in the morning-rush profile. ``install()`` replaces ``RemoteAction._validate_action_result``
with the same check through one validator built once: the same schema, the same
``ValidationError`` (the best match, as ``jsonschema.validate`` picks it) and message.

Installed when Rasa imports the model's components (showup_components.classifier), so the Rasa
server, ``rasa train`` and ``rasa shell`` all run with it; nothing else changes.
"""

from __future__ import annotations

import functools
import os
from typing import Any

from jsonschema import ValidationError, validators
from jsonschema.exceptions import best_match
from rasa.core.actions import action as rasa_action

_ORIGINAL = rasa_action.RemoteAction._validate_action_result


@functools.lru_cache(maxsize=1)
def compiled_validator():
    schema = rasa_action.RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)  # once, not on every call
    return validator_class(schema)


def _validate_action_result(self, result: dict[str, Any]) -> bool:
    error = best_match(compiled_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from "
        "the Action endpoint is valid. For more information about the format visit "
        f"{rasa_action.DOCS_BASE_URL}/custom-actions")
    raise error


def install() -> None:
    # SHOWUP_STOCK_RASA=1 keeps Rasa stock, its own check included: bench/rasa_turn.py runs one
    # Rasa each way, side by side, to measure what ShowUp's changes save.
    if os.environ.get("SHOWUP_STOCK_RASA") != "1":
        rasa_action.RemoteAction._validate_action_result = _validate_action_result


__all__ = ["ValidationError", "compiled_validator", "install"]
