"""``flask export absences [--since DATE] [--until DATE]``, ``flask export tiers [--as-of
DATE] [--school CODE]`` and ``flask export groups [--year YYYY]`` — CSV on stdout."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from bot import csv_safe
from bot.absences import AbsenceFilter
from bot.exports import export_absences
from bot.imports.csv_file import RowError
from bot.imports.school_match import SchoolMatcher
from bot.outreach.holdout import GROUP_COLUMNS, group_rows
from bot.tiers import EXPORT_COLUMNS, export_rows
from bot.web.extensions import get_db

export_cli = AppGroup("export", help="Exports for the attendance office.")


@export_cli.command("absences")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None)
def absences(since, until) -> None:
    """Absence and tardy reports as CSV, for entry into the student information system."""
    with get_db().session() as session:
        export_absences(session, sys.stdout, AbsenceFilter(
            since=since.date() if since else None, until=until.date() if until else None))


@export_cli.command("tiers")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--school", default=None, help="Only this school (code, name or alias).")
def tiers(as_of, school) -> None:
    """Every student's attendance rate and tier (newest snapshot on or before --as-of):
    student_id,school,enrolled_days,absent_days,rate,tier,rate_last_20,tier_last_20."""
    with get_db().session() as session:
        school_id = None
        if school:
            try:
                school_id = SchoolMatcher(session).find(school).id
            except RowError as exc:
                click.echo(str(exc), err=True)
                sys.exit(2)
        writer = csv_safe.writer(sys.stdout, lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows(export_rows(session, as_of.date() if as_of else None, school_id))


@export_cli.command("groups")
@click.option("--year", type=int, default=None,
              help="Only this school year (the year it starts: 2026 for 2026-27).")
def groups(year) -> None:
    """Every student's holdout assignment:
    student_id,school,tier_at_assignment,group,assigned_on."""
    with get_db().session() as session:
        writer = csv_safe.writer(sys.stdout, lineterminator="\n")
        writer.writerow(GROUP_COLUMNS)
        writer.writerows(group_rows(session, year))
