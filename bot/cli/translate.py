"""``flask translate extract|update|compile|check`` — the Babel catalogs in locales/.

extract: collect every template string into locales/messages.pot; update: merge it into each
language's catalog (Hmong by hand-kept header: Babel has no Hmong locale); compile: build the
.mo files the renderer reads; check: fail unless every catalog is complete
(bot.messages.catalog_check).
"""

from __future__ import annotations

import subprocess
import sys

import click
from flask.cli import AppGroup

from bot.messages.catalog_check import problems

translate_cli = AppGroup("translate", help="Translation catalogs (Babel).")
POT = "locales/messages.pot"


def _pybabel(*args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args],
                            check=False)
    if result.returncode:
        sys.exit(result.returncode)


@translate_cli.command("extract")
def extract() -> None:
    """Write locales/messages.pot from bot/messages/templates.py (keywords _l and _ln only)."""
    _pybabel("extract", "-F", "babel.cfg", "--no-default-keywords", "-k", "_l", "-k", "_ln:1,2",
             "--no-location", "--sort-output", "--project", "ShowUp", "-o", POT, ".")


@translate_cli.command("update")
def update() -> None:
    """Merge messages.pot into every catalog (new entries arrive empty: translate them)."""
    _pybabel("update", "-i", POT, "-d", "locales", "-D", "messages", "--no-fuzzy-matching",
             "--ignore-obsolete")


@translate_cli.command("compile")
def compile_catalogs() -> None:
    """Build the .mo files."""
    _pybabel("compile", "-d", "locales", "-D", "messages")


@translate_cli.command("check")
def check() -> None:
    """Exit 1 and list the gaps unless every language has every message, placeholders kept."""
    found = problems()
    for line in found:
        click.echo(line, err=True)
    if found:
        sys.exit(1)
    click.echo("all catalogs complete")
