"""``flask translate extract|update|compile|check`` — the Babel catalogs in locales/.

extract: collect every template string into locales/messages.pot; update: merge it into each
language's catalog (Hmong by hand-kept header: Babel has no Hmong locale); compile: build the
.mo files the renderer reads; check: fail unless every catalog is complete
(bot.messages.catalog_check).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from babel.messages.pofile import read_po, write_po
from flask.cli import AppGroup

from bot.messages.catalog_check import problems
from bot.messages.languages import LANGUAGES

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
    """Merge messages.pot into every catalog (new entries arrive empty: translate them). The
    English catalog is the source text, so its entries are filled in; Hmong keeps the plural
    header pybabel drops (Babel has no Hmong locale)."""
    _pybabel("update", "-i", POT, "-d", "locales", "-D", "messages", "--no-fuzzy-matching",
             "--ignore-obsolete")
    _fill_english(Path("locales/en/LC_MESSAGES/messages.po"))
    for code, language in LANGUAGES.items():
        if language.babel is None:
            _keep_single_plural(Path(f"locales/{code}/LC_MESSAGES/messages.po"))


def _fill_english(path: Path) -> None:
    with path.open("rb") as fh:
        catalog = read_po(fh)
    for message in catalog:
        if message.id and not message.string:
            message.string = message.id
    with path.open("wb") as fh:
        write_po(fh, catalog, width=76, ignore_obsolete=True)


def _keep_single_plural(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if "Plural-Forms:" not in text:
        text = text.replace('"MIME-Version: 1.0\\n"', '"Plural-Forms: nplurals=1; plural=0;\\n"\n'
                            '"MIME-Version: 1.0\\n"', 1)
        path.write_text(text, encoding="utf-8")


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
