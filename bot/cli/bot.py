"""``flask bot understand [--language CODE]``: one message per stdin line in, one JSON line out
(text, language, intent, confidence, absence_reason, resource_type, rsvp, entities)."""

from __future__ import annotations

import json
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from bot.clients.rasa import RasaUnavailable
from bot.clients.translation import Translator
from bot.messages.languages import CODES
from bot.nlu.understand import understand
from bot.web.extensions import get_rasa

bot_cli = AppGroup("bot", help="The conversation engine.")


@bot_cli.command("understand")
@click.option("--language", type=click.Choice(CODES), default=None,
              help="The family's language, used when detection is unsure.")
def understand_command(language: str | None) -> None:
    """Read messages from stdin, print what the bot understands of each as JSON lines."""
    cfg = current_app.config
    translator = Translator(cfg["TRANSLATION_ENABLED"], cfg["TRANSLATION_TIMEOUT"],
                            cfg.get("TRANSLATION_URL_TEMPLATE") or None)
    for line in sys.stdin:
        text = line.rstrip("\n")
        if not text.strip():
            continue
        try:
            result = understand(text, get_rasa(), language, translator)
        except RasaUnavailable as exc:
            click.echo(f"Rasa is not reachable at {cfg['RASA_URL']}: {exc}", err=True)
            sys.exit(3)
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False))
