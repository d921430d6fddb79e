"""``flask db upgrade`` — apply Alembic migrations to DATABASE_URL."""

import click
from flask import current_app
from flask.cli import AppGroup

from models.migrate import upgrade

db_cli = AppGroup("db", help="Database migrations.")


@db_cli.command("upgrade")
def upgrade_command() -> None:
    """Migrate the database to the newest schema (safe to run again)."""
    upgrade(current_app.config["DATABASE_URL"])
    click.echo("database is up to date")
