"""The layering the code relies on: the clock and the bot never import the admin blueprint,
and nothing in the project refers to files outside it."""

from __future__ import annotations

import subprocess
import sys

from config import ROOT


def _modules_loaded_by(code: str) -> set[str]:
    script = code + "\nimport sys\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    return set(out.split())


def test_the_clock_does_not_import_the_admin_blueprint():
    loaded = _modules_loaded_by(
        "import scheduler.__main__, scheduler.jobs, bot.outreach.nudges, bot.staff_translation, "
        "bot.outbox.sender, bot.outbox.transports")
    assert "scheduler.jobs" in loaded
    assert not {m for m in loaded if m == "admin" or m.startswith("admin.")}


def test_bot_never_imports_admin():
    found = subprocess.run(["git", "grep", "-nE", r"^\s*(from|import) admin", "--", "bot/",
                            "scheduler/", "models/"], cwd=ROOT, capture_output=True, text=True)
    assert found.stdout == ""


def test_nothing_refers_to_the_shared_folder_outside_the_project():
    # The folder's name is assembled here so that this file does not match its own search.
    folder = "/".join(("..", "shared"))
    found = subprocess.run(["git", "grep", "-n", "-F", "-e", folder, "--", "."],
                           cwd=ROOT, capture_output=True, text=True)
    assert found.stdout == "", found.stdout
