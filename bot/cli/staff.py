"""``flask staff create EMAIL --school CODE --role district|school``."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from bot.web.extensions import get_db
from models import School, StaffUser

staff_cli = AppGroup("staff", help="Staff logins.")


@staff_cli.command("create")
@click.argument("email")
@click.option("--school", "schools", multiple=True, help="School code (repeatable).")
@click.option("--role", type=click.Choice(["district", "school"]), default="school")
@click.option("--name", default="")
@click.password_option(envvar="STAFF_PASSWORD")
def create(email: str, schools: tuple[str, ...], role: str, name: str, password: str) -> None:
    """Create (or update) a staff login that sees the given schools (district: all)."""
    if role == "school" and not schools:
        click.echo("a school-role login needs at least one --school CODE", err=True)
        sys.exit(2)
    with get_db().session() as session:
        found = []
        for code in schools:
            school = session.scalar(select(School).where(func.lower(School.code) == code.lower()))
            if school is None:
                click.echo(f"unknown school code {code!r}", err=True)
                sys.exit(2)
            found.append(school)
        user = session.scalar(select(StaffUser).where(StaffUser.email == email.lower()))
        if user is None:
            user = StaffUser(email=email.lower())
            session.add(user)
        user.name, user.role, user.schools = name or user.name, role, found
        user.password_hash = generate_password_hash(password)
    click.echo(f"staff login {email.lower()} ({role}) ready")
