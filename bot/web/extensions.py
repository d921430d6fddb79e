"""Extension set-up for the Flask app: the database and the one inbound pipeline (with its Rasa
client and translator), built once at app start and shared by every route."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app

from bot.clients.rasa import RasaClient
from bot.clients.translation import Translator
from bot.inbound import Pipeline
from bot.reply_budget import TurnRunner
from models.db import Database


def init_extensions(app: Flask) -> None:
    db = Database(app.config["DATABASE_URL"])
    app.extensions["db"] = db
    pipeline = app.extensions["pipeline"] = Pipeline.from_config(db, app.config)
    if app.config["REPLY_BUDGET"] > 0:
        pipeline.turns = TurnRunner(pipeline, app.config["REPLY_BUDGET"],
                                    app.config["REPLY_THREADS"])


def get_db() -> Database:
    """The app's Database (see models.db.Database)."""
    return current_app.extensions["db"]


def get_pipeline() -> Pipeline:
    """The app's inbound pipeline: ``get_pipeline().handle(inbound)``."""
    return current_app.extensions["pipeline"]


def get_rasa() -> RasaClient:
    return get_pipeline().rasa


def get_translator() -> Translator:
    return get_pipeline().translator


def district_today() -> date:
    """Today in the district's time zone (DISTRICT_TIMEZONE)."""
    return datetime.now(ZoneInfo(current_app.config["DISTRICT_TIMEZONE"])).date()
