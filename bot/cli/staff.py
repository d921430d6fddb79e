"""``flask staff create EMAIL --school CODE --role district|school``."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from bot.imports.csv_file import RowError
from bot.imports.school_match import SchoolMatcher
from bot.web.extensions import get_db
from models import StaffUser

staff_cli = AppGroup("staff", help="Staff logins.")


@staff_cli.command("create")
@click.argument("email")
@click.option("--school", "schools", multiple=True,
              help="School code, name or alias (repeatable).")
@click.option("--role", type=click.Choice(["district", "school"]), default="school")
@click.option("--name", default="")
@click.password_option(envvar="STAFF_PASSWORD")
def create(email: str, schools: tuple[str, ...], role: str, name: str, password: str) -> None:
    """Create (or update) a staff login that sees the given schools (district: all)."""
    if role == "school" and not schools:
        click.echo("a school-role login needs at least one --school CODE", err=True)
        sys.exit(2)
    with get_db().session() as session:
        found, matcher = [], SchoolMatcher(session)
        for value in schools:
            try:
                found.append(matcher.find(value))
            except RowError as exc:
                click.echo(str(exc), err=True)
                sys.exit(2)
        user = session.scalar(select(StaffUser).where(StaffUser.email == email.lower()))
        if user is None:
            user = StaffUser(email=email.lower())
            session.add(user)
        user.name, user.role, user.schools = name or user.name, role, found
        user.password_hash = generate_password_hash(password)
    click.echo(f"staff login {email.lower()} ({role}) ready")
