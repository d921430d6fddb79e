"""``flask roster import FILE`` and ``flask attendance import FILE``.

Both print each rejected row's line number and reason, a summary, and exit 1 if any row was
rejected (2 if the file could not be read at all)."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from bot.imports.attendance import import_attendance
from bot.imports.csv_file import BadHeader, ImportReport
from bot.imports.roster import import_roster
from bot.web.extensions import get_db

roster_cli = AppGroup("roster", help="Student and guardian roster from the SIS.")
attendance_cli = AppGroup("attendance", help="Daily attendance from the SIS.")


def _run(importer, path: str) -> None:
    try:
        with get_db().session() as session:
            report: ImportReport = importer(session, path)
    except BadHeader as exc:
        click.echo(f"{path}: cannot import: {exc}", err=True)
        sys.exit(2)
    for line, reason in report.rejected:
        click.echo(f"{path}:{line}: rejected: {reason}", err=True)
    click.echo(f"{path}: {report.summary()}")
    if not report.ok:
        sys.exit(1)


@roster_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def roster_import(path: str) -> None:
    """Import or update students and guardians from a roster CSV."""
    _run(import_roster, path)


@attendance_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def attendance_import(path: str) -> None:
    """Import or update daily attendance from a CSV."""
    _run(import_attendance, path)
