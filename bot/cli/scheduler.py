"""``flask scheduler list`` and ``flask scheduler run JOB [--at ISO-8601]``.

``run`` runs one job once, as of that moment, on the app's database — exactly what the clock
would run — and prints ``queued N, skipped M`` and the reasons for skipping with their counts.
``list`` prints every job with its trigger and next run in the district's time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import AppGroup

from bot.outreach.results import JobResult
from bot.web.extensions import get_db
from scheduler import registry

scheduler_cli = AppGroup("scheduler", help="The clock's jobs.")


@scheduler_cli.command("list")
def list_jobs() -> None:
    """Every job, its trigger and its next run."""
    timezone = current_app.config["DISTRICT_TIMEZONE"]
    now = datetime.now(ZoneInfo(timezone))
    for job in registry.JOBS.values():
        trigger = job.make_trigger(timezone)
        upcoming = job.next_run(now, timezone)
        click.echo(f"{job.name:13} {trigger}  next {upcoming:%Y-%m-%d %H:%M %Z}  — {job.about}")


def _moment(value: str | None, timezone: str) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO-8601 time like 2026-12-07T06:45") from None
    if moment.tzinfo is None:  # a local time, as the district reads it
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    return moment.astimezone(UTC)


@scheduler_cli.command("run")
@click.argument("job", type=click.Choice(sorted(registry.JOBS)))
@click.option("--at", "at", default=None, help="Run as of this moment (ISO-8601, local time "
              "unless it has an offset). Default: now.")
def run_job(job: str, at: str | None) -> None:
    """Run one job once and say what it did."""
    moment = _moment(at, current_app.config["DISTRICT_TIMEZONE"])
    result = registry.run(job, at=moment, db=get_db())
    if isinstance(result, JobResult):
        for line in result.lines():
            click.echo(line)
    elif isinstance(result, dict):
        click.echo(", ".join(f"{k} {v}" for k, v in result.items()))
    else:
        click.echo("done")
