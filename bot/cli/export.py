"""``flask export absences [--since DATE] [--until DATE]`` — CSV on stdout."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from bot.exports import export_absences
from bot.web.extensions import get_db

export_cli = AppGroup("export", help="Exports for the attendance office.")


@export_cli.command("absences")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None)
def absences(since, until) -> None:
    """Absence and tardy reports as CSV, for entry into the student information system."""
    with get_db().session() as session:
        export_absences(session, click.get_text_stream("stdout"),
                        since.date() if since else None, until.date() if until else None)
