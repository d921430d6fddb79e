"""Application factory: configuration, extensions, blueprints. Nothing else."""

from __future__ import annotations

import logging

from flask import Flask, redirect, url_for
from werkzeug.middleware.proxy_fix import ProxyFix

from config import DEV_SECRET_KEY, Config


def create_app(config: type[Config] | None = None, **overrides) -> Flask:
    app = Flask(__name__, template_folder="admin/templates", static_folder="admin/static")
    app.config.from_object(config or Config)
    app.config.update(overrides)
    if app.config["SECRET_KEY"] == DEV_SECRET_KEY and not (app.debug or app.testing):
        # Sessions and signed chat links would be forgeable by anyone who read this code.
        raise RuntimeError("SECRET_KEY is the built-in development key: set SECRET_KEY, or "
                           "run `make run`, which writes a random one to var/secret_key")
    logging.basicConfig(level=app.config["LOG_LEVEL"])
    if app.config["TRUST_PROXY"]:
        # Behind a proxy the public URL (and so Twilio's signature) is in X-Forwarded-*.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_port=1)

    from bot.web.cookies import init_cookies
    from bot.web.extensions import init_extensions
    from bot.web.ids import init_ids
    from bot.web.limits import init_limits

    init_extensions(app)
    init_ids(app)
    init_limits(app)
    init_cookies(app)

    from admin import admin_bp
    from bot.channels.twilio_sms import twilio_bp
    from bot.channels.webchat.routes import webchat_bp
    from bot.cli import register_cli
    from bot.web.health import health_bp

    for blueprint in (health_bp, twilio_bp, webchat_bp, admin_bp):
        app.register_blueprint(blueprint)
    # Short addresses printed by `make run`.
    app.add_url_rule("/simulator", "simulator",
                     lambda: redirect(url_for("admin.simulator_page")))
    app.add_url_rule("/", "home", lambda: redirect(url_for("admin.index")))
    register_cli(app)
    return app
