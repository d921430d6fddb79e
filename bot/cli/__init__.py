"""``flask`` command groups. Each group lives in its own module; this registers them."""

from __future__ import annotations

from flask import Flask


def register_cli(app: Flask) -> None:
    from bot.cli.bot import bot_cli
    from bot.cli.db import db_cli
    from bot.cli.demo import demo_cli
    from bot.cli.export import export_cli
    from bot.cli.imports import GROUPS as IMPORT_GROUPS
    from bot.cli.outreach import outreach_cli, report_cli
    from bot.cli.scheduler import scheduler_cli
    from bot.cli.staff import staff_cli
    from bot.cli.translate import translate_cli

    for group in (db_cli, *IMPORT_GROUPS, demo_cli, staff_cli, bot_cli, export_cli,
                  translate_cli, scheduler_cli, outreach_cli, report_cli):
        app.cli.add_command(group)
