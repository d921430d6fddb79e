"""``flask outreach assign [--at DATE] [--seed N]`` and ``flask outreach verify``: the holdout
draw (bot.outreach.holdout); ``flask report impact [--since DATE] [--until DATE]``: what the
outreach did, treatment against holdout (bot.impact), as CSV on stdout."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from bot import csv_safe
from bot.outreach.holdout import assign_new, verify
from bot.web.extensions import district_today, get_db

outreach_cli = AppGroup("outreach", help="The randomized holdout that measures the outreach.")
report_cli = AppGroup("report", help="Reports for the district office.")


@outreach_cli.command("assign")
@click.option("--at", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Assign as of this day (default: today). Run after each attendance import.")
@click.option("--seed", type=int, default=None,
              help="The school year's seed, if its first draw has not been made yet.")
def assign(at, seed) -> None:
    """Assign the students newly eligible for proactive outreach to treatment or holdout."""
    with get_db().session() as session:
        result = assign_new(session, at.date() if at else district_today(), seed)
    click.echo("\n".join(result.lines()))


@outreach_cli.command("verify")
def verify_command() -> None:
    """Recompute every assignment from its recorded seed; exit 1 if any differs."""
    with get_db().session() as session:
        problems = verify(session)
    for line in problems:
        click.echo(line, err=True)
    click.echo("every assignment is what its seed says" if not problems
               else f"{len(problems)} assignments differ from their seed")
    sys.exit(1 if problems else 0)


@report_cli.command("impact")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Count school days from this day (default: each student's assignment).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Count school days up to this day (default: today); its school year's "
                   "assignments are compared.")
def impact(since, until) -> None:
    """Absence rate after assignment, treatment against holdout, overall and by school, tier
    and language: segment,treated_n,holdout_n,treated_rate,holdout_rate,difference,ci_low,
    ci_high,note (difference = treated - holdout, with its 95 % interval)."""
    from bot.impact import COLUMNS, report  # SciPy and statsmodels: only for this report

    with get_db().session() as session:
        rows = report(session, since.date() if since else None,
                      until.date() if until else district_today())
    writer = csv_safe.writer(sys.stdout, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(row.row() for row in rows)
