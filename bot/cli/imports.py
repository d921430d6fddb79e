"""``flask <noun> import FILE`` for every file a district runs ShowUp from: schools, calendar,
events, resources, roster, attendance.

Each prints each rejected row as ``FILE:LINE: rejected: reason``, a summary, and exits 1 if any
row was rejected (2 if the file could not be read at all: not UTF-8, a required column missing).
The admin pages use the same importers."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from bot.district_text import translate_missing
from bot.imports.attendance import import_attendance
from bot.imports.calendar import import_calendar
from bot.imports.csv_file import BadHeader, ImportReport
from bot.imports.events import import_events
from bot.imports.resources import import_resources
from bot.imports.roster import import_roster
from bot.imports.schools import import_schools
from bot.outreach.invitations import cancel_event
from bot.tiers import compute_tiers
from bot.web.extensions import district_today, get_db, get_translator
from models import Event

schools_cli = AppGroup("schools", help="The district's schools.")
calendar_cli = AppGroup("calendar", help="The school calendar (CSV or .ics).")
events_cli = AppGroup("events", help="Workshops and family nights.")
resources_cli = AppGroup("resources", help="The resource directory.")
roster_cli = AppGroup("roster", help="Student and guardian roster from the SIS.")
attendance_cli = AppGroup("attendance", help="Daily attendance from the SIS.")
GROUPS = (schools_cli, calendar_cli, events_cli, resources_cli, roster_cli, attendance_cli)


def _run(importer, path: str, translate: bool = False, after=None, then=None,
         **options) -> None:
    """Import ``path`` in one transaction; ``after(session)`` runs inside it, ``then()`` once it
    is committed."""
    try:
        with get_db().session() as session:
            report: ImportReport = importer(session, path, **options)
            if after is not None:
                after(session)
    except BadHeader as exc:
        click.echo(f"{path}: cannot import: {exc}", err=True)
        sys.exit(2)
    for line, reason in report.rejected:
        click.echo(f"{path}:{line}: rejected: {reason}", err=True)
    click.echo(f"{path}: {report.summary()}")
    if translate:
        # Families read what staff wrote in their own language: translate once, now; what
        # fails is retried by the clock (bot.district_text).
        made = translate_missing(get_db(), get_translator())
        click.echo(f"translations: {made['translated']} made, "
                   f"{made['found'] - made['translated']} waiting for the translation service")
    if then is not None:
        then()
    if not report.ok:
        sys.exit(1)


@schools_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def schools_import(path: str) -> None:
    """Import or update schools: code,name,aliases,timezone,start_time,phone,address."""
    _run(import_schools, path)


@calendar_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--school", help="For an .ics file: the school it is for (default: every school).")
def calendar_import(path: str, school: str | None) -> None:
    """Import or update the calendar: date,school,kind,note — or an .ics file."""
    _run(import_calendar, path, school=school)


@events_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def events_import(path: str) -> None:
    """Import or update events: code,school,title,starts_at,ends_at,place,meal,childcare,
    audience,invite_days_before (and title_<lang>)."""
    _run(import_events, path, translate=True)


@events_cli.command("cancel")
@click.argument("code")
def events_cancel(code: str) -> None:
    """Cancel an event and text the families who said yes or maybe."""
    with get_db().session() as session:
        event = session.scalar(select(Event).where(Event.code == code))
        if event is None:
            click.echo(f"no event with code {code!r}", err=True)
            sys.exit(2)
        for line in cancel_event(session, event).lines():
            click.echo(line)


@resources_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def resources_import(path: str) -> None:
    """Import or update the directory: type,name,phone,address,hours,url,languages,school (and
    description_<lang>)."""
    _run(import_resources, path, translate=True)


@roster_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def roster_import(path: str) -> None:
    """Import or update students and guardians from a roster CSV."""
    _run(import_roster, path)


@attendance_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Compute the tiers as of this day (default: today).")
@click.option("--no-outreach", is_flag=True,
              help="Do not run praise and follow-ups now (e.g. loading past years); the clock "
                   "still runs them in the evening.")
def attendance_import(path: str, as_of, no_outreach: bool) -> None:
    """Import or update daily attendance from a CSV, compute every student's tier, then run
    the holdout draw, praise and follow-ups jobs, so families hear the same afternoon."""
    _run(import_attendance, path, after=lambda session: _tiers(session, as_of),
         then=None if no_outreach else _outreach)


def _outreach() -> None:
    from scheduler.registry import run

    for job in ("holdout", "praise", "followups"):
        lines = run(job, db=get_db()).lines()
        click.echo(f"{job}: " + "\n  ".join(lines))


@attendance_cli.command("tiers")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None)
def attendance_tiers(as_of) -> None:
    """Compute every student's attendance rate and tier now (also done after each import)."""
    with get_db().session() as session:
        _tiers(session, as_of)


def _tiers(session, as_of) -> None:
    day = as_of.date() if as_of else district_today()
    click.echo(f"tiers: {compute_tiers(session, day)} students as of {day.isoformat()}")
