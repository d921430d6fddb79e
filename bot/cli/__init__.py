"""``flask`` command groups. Each group lives in its own module; this registers them."""

from __future__ import annotations

from flask import Flask


def register_cli(app: Flask) -> None:
    from bot.cli.bot import bot_cli
    from bot.cli.db import db_cli
    from bot.cli.demo import demo_cli
    from bot.cli.export import export_cli
    from bot.cli.imports import attendance_cli, roster_cli
    from bot.cli.staff import staff_cli
    from bot.cli.translate import translate_cli

    for group in (db_cli, roster_cli, attendance_cli, demo_cli, staff_cli, bot_cli, export_cli,
                  translate_cli):
        app.cli.add_command(group)
