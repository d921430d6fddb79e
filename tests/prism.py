"""``prism_url`` fixture: Stoplight Prism mocking Twilio's official OpenAPI spec on 127.0.0.1.

Started as ``$PRISM mock -h 127.0.0.1 -p <free port> --errors <spec>``. With ``--errors`` Prism
answers 422 to any request that violates the spec, so a 2xx proves our request is valid.
PRISM is the prism binary and TWILIO_OAI_SPEC Twilio's spec; ``make prism`` installs both from
the npm registry (@stoplight/prism-cli, and @twilio-alpha/mcp which ships
twilio-oai/spec/json/twilio_api_v2010.json) into var/prism, and ``make test`` sets both. A
relative path is taken from the repository root. Tests skip, saying why, when either is missing
(.ci/run turns that skip into a failure). Readiness: poll the port until a deadline, never a
bare sleep.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = (ROOT / "var" / "prism" / "node_modules" / "@twilio-alpha" / "mcp" / "twilio-oai"
                / "spec" / "json" / "twilio_api_v2010.json")
START_TIMEOUT = 60.0  # loading Twilio's 2010 spec takes a few seconds on a busy machine


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _paths() -> tuple[Path, Path]:
    prism = os.environ.get("PRISM")
    if not prism:
        pytest.skip("PRISM is not set (run `make prism`, then PRISM=var/prism/node_modules/.bin/"
                    "prism): skipping the Twilio contract tests")
    binary = Path(prism) if Path(prism).is_absolute() else ROOT / prism
    if not binary.exists():
        pytest.skip(f"PRISM={prism} does not exist (run `make prism`)")
    spec = Path(os.environ.get("TWILIO_OAI_SPEC") or DEFAULT_SPEC)
    spec = spec if spec.is_absolute() else ROOT / spec
    if not spec.exists():
        pytest.skip(f"Twilio OpenAPI spec not found at {spec} (run `make prism`)")
    return binary, spec


@pytest.fixture(scope="session")
def prism_url(tmp_path_factory):
    binary, spec = _paths()
    port = _free_port()
    log_path = tmp_path_factory.mktemp("prism") / "prism.log"
    with log_path.open("wb") as log:
        # Own process group, so teardown stops exactly what this fixture started.
        proc = subprocess.Popen(
            [str(binary), "mock", "-h", "127.0.0.1", "-p", str(port), "--errors", str(spec)],
            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _listening(port):
            if proc.poll() is not None:
                pytest.fail(f"prism exited with {proc.returncode}:\n{log_path.read_text()[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"prism not listening after {START_TIMEOUT:.0f} s:\n"
                            f"{log_path.read_text()[-2000:]}")
            time.sleep(0.2)  # polling interval, bounded by the deadline above
        yield f"http://127.0.0.1:{port}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
