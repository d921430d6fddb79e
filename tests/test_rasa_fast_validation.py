"""The Rasa process checks action server answers with one compiled validator (flows/
showup_components/fast_validation.py): the same verdicts and errors as Rasa's own check, and
installed whenever Rasa loads ShowUp's components. Runs in .venv-rasa (Rasa is not in the app's
environment)."""

import subprocess

import pytest

from bot.nlu.rasa_process import RASA_BIN
from config import ROOT

pytestmark = pytest.mark.rasa

CHECK = r"""
import time
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
original = RemoteAction._validate_action_result
import showup_components.classifier  # what Rasa imports with the model
patched = RemoteAction._validate_action_result
assert patched is not original and patched.__module__ == "showup_components.fast_validation"

good = [{"events": [{"event": "slot", "name": "child", "value": "Sofia"}], "responses": [
    {"custom": {"template": "absence_recorded"}}]}, {"events": [], "responses": []}, {}]
bad = [{"events": "not a list"}, {"events": [{"name": "x"}]}, {"responses": "not a list"},
       {"events": [{"event": 5}]}]
for payload in good:
    assert original(RemoteAction, payload) is True and patched(RemoteAction, payload) is True
for payload in bad:
    errors = []
    for check in (original, patched):
        try:
            check(RemoteAction, payload)
        except ValidationError as exc:
            errors.append(exc.message)
    assert len(errors) == 2 and errors[0] == errors[1], (payload, errors)

def per_call(check, n=200):
    start = time.perf_counter()
    for _ in range(n):
        check(RemoteAction, good[0])
    return (time.perf_counter() - start) / n
print("original_ms=%.3f patched_ms=%.3f" % (per_call(original) * 1e3, per_call(patched) * 1e3))
"""


def test_one_compiled_validator_same_verdicts_and_errors():
    if not RASA_BIN.exists():
        pytest.skip(".venv-rasa is missing: run `make test`, which builds it")
    python = RASA_BIN.parent / "python"
    done = subprocess.run([str(python), "-c", CHECK], cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT / "flows"), "PATH": "/usr/bin:/bin",
                               "RASA_TELEMETRY_ENABLED": "false"}, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "patched_ms=" in done.stdout
    print(done.stdout.strip())  # the per-call cost, for the record (not asserted: timing)
