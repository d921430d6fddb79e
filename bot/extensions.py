"""Extension set-up for the Flask app: the database and Babel."""

from __future__ import annotations

from flask import Flask, current_app

from models.db import Database


def init_extensions(app: Flask) -> None:
    app.extensions["db"] = Database(app.config["DATABASE_URL"])


def get_db() -> Database:
    """The app's Database (see models.db.Database)."""
    return current_app.extensions["db"]
