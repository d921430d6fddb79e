"""Extension set-up for the Flask app: the database, the Rasa client, the translator."""

from __future__ import annotations

from flask import Flask, current_app

from bot.clients.rasa import RasaClient
from bot.clients.translation import Translator
from models.db import Database


def init_extensions(app: Flask) -> None:
    app.extensions["db"] = Database(app.config["DATABASE_URL"])
    app.extensions["rasa"] = RasaClient(app.config["RASA_URL"], app.config["RASA_TIMEOUT"])
    app.extensions["translator"] = Translator.from_config(app.config)


def get_db() -> Database:
    """The app's Database (see models.db.Database)."""
    return current_app.extensions["db"]


def get_rasa() -> RasaClient:
    return current_app.extensions["rasa"]


def get_translator() -> Translator:
    return current_app.extensions["translator"]
