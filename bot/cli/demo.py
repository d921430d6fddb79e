"""``flask demo seed`` — demo schools, families and history on an empty database."""

import click
from flask.cli import AppGroup

from bot.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, seed
from bot.web.extensions import get_db

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("seed")
def seed_command() -> None:
    """Seed the demo when the database has no schools yet (otherwise do nothing)."""
    with get_db().session() as session:
        done = seed(session)
    if done:
        click.echo("demo data seeded")
        for email, role in DEMO_LOGINS:
            click.echo(f"  staff login ({role}): {email} / {DEMO_PASSWORD}")
    else:
        click.echo("database already has schools: demo not seeded")
