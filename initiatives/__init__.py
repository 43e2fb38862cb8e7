"""Bricoleur: a case tracker for citizen initiatives in Dutch municipalities."""

import gc

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import BASE_DIR, INSTANCE_DIR, config_for

#: Keys that a production SECRET_KEY must never be.
WEAK_SECRET_KEYS = {"", "dev", "secret", "changeme", "change-me", "testing-only-not-secret"}


class ConfigurationError(RuntimeError):
    """The settings do not allow the app to start; the message says what to fix."""


def create_app(config=None):
    """Create the Bricoleur app; `config` is an environment name, a settings class or a dict."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder=str(BASE_DIR / "templates"),
        static_folder=str(BASE_DIR / "static"),
    )
    load_config(app, config)
    register_url_converters(app)
    register_logging(app)
    register_extensions(app)
    register_security_headers(app)
    register_database(app)
    register_auth(app)
    register_request_hooks(app)
    register_audit(app)
    register_blueprints(app)
    register_api(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def ready_to_serve(app):
    """Prepare a process that serves `app` (wsgi.py; with gunicorn before its workers fork).

    The objects made at start-up (routes, models, the OpenAPI document, translations: some
    200,000) live as long as the process. Frozen, Python's cycle collector no longer walks them at
    each full collection, which took a tenth of a second of some request; and forked workers no
    longer copy the memory pages holding them when it would.
    """
    gc.freeze()
    return app


def load_config(app, config):
    if isinstance(config, dict):
        app.config.from_object(config_for(config.get("ENV_NAME", "testing")))
        app.config.update(config)
    else:
        app.config.from_object(config if isinstance(config, type) else config_for(config))
    if app.config["ENV_NAME"] == "production":
        secret = app.config.get("SECRET_KEY") or ""
        if secret in WEAK_SECRET_KEYS or len(secret) < 32:
            raise ConfigurationError(
                "SECRET_KEY is not set to a real secret: production needs at least 32 random "
                "characters, e.g. from `python -c 'import secrets; print(secrets.token_hex(32))'`."
            )
    # A request may carry one file of the allowed size plus the form fields around it.
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_ATTACHMENT_BYTES"] + 1024 * 1024
    if app.config["TRUSTED_PROXIES"]:
        proxies = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)


def register_logging(app):
    # First, so every request (even one refused by CSRF or a rate limit) gets an id and a log line.
    from initiatives.core.logging import configure_logging

    configure_logging(app)


def register_extensions(app):
    from initiatives.core.i18n import select_locale
    from initiatives.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)


def register_database(app):
    # Every domain's models, so the metadata (and Alembic) knows all tables; and the session
    # hooks that make the anonymised copies of case texts when a change is committed.
    import initiatives.exports.public_texts
    import initiatives.models  # noqa: F401
    from initiatives.core.db import configure_sqlite
    from initiatives.extensions import db

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])


def register_auth(app):
    from flask_babel import lazy_gettext as _l

    from initiatives.auth.enforcement import require_second_factor_enrolment
    from initiatives.auth.operations import load_session_user
    from initiatives.extensions import login_manager

    login_manager.user_loader(load_session_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.before_request(require_second_factor_enrolment)


def register_security_headers(app):
    from initiatives.core.security_headers import register_security_headers as register

    register(app)


def register_audit(app):
    """The audit page and `flask audit`; and the hook that logs refusals and reads, which runs
    before the unit of work's commit because it is registered after it."""
    from initiatives.audit.blueprint import bp
    from initiatives.audit.cli import audit_cli
    from initiatives.audit.operations import register_audit_hooks

    register_audit_hooks(app)
    app.register_blueprint(bp)
    app.cli.add_command(audit_cli)


def register_url_converters(app):
    """Before any route is added: ids in URLs stay within what the database can hold."""
    from initiatives.core.urls import RowIdConverter

    app.url_map.converters["int"] = RowIdConverter


def register_request_hooks(app):
    from initiatives.core.access import enforce_access_rules
    from initiatives.core.text_input import reject_unstorable_text
    from initiatives.core.unit_of_work import register_unit_of_work

    app.before_request(enforce_access_rules)
    app.before_request(reject_unstorable_text)
    register_unit_of_work(app)


def register_blueprints(app):
    from initiatives.admin.blueprint import bp as admin_bp
    from initiatives.auth.blueprint import bp as auth_bp
    from initiatives.barriers.blueprint import bp as barriers_bp
    from initiatives.cases.blueprint import bp as cases_bp
    from initiatives.dashboard.blueprint import bp as dashboard_bp
    from initiatives.exports.blueprint import bp as exports_bp
    from initiatives.home.blueprint import bp as home_bp
    from initiatives.lessons.blueprint import bp as lessons_bp
    from initiatives.privacy.blueprint import bp as privacy_bp
    from initiatives.reports.blueprint import bp as reports_bp
    from initiatives.system.blueprint import bp as system_bp

    for blueprint in (
        auth_bp,
        home_bp,
        cases_bp,
        exports_bp,
        barriers_bp,
        dashboard_bp,
        lessons_bp,
        reports_bp,
        admin_bp,
        privacy_bp,
        system_bp,
    ):
        app.register_blueprint(blueprint)
    # Single sign-on registers its routes always (404 when off) and its client when configured.
    from initiatives.auth import single_sign_on

    single_sign_on.init_app(app)


def register_api(app):
    """The JSON API: each domain's API modules attach their routes to the API blueprint when
    imported, so they come before the blueprint is bound; the auth package signs in API requests
    by their token."""
    import initiatives.barriers.api.barriers
    import initiatives.barriers.api.categories
    import initiatives.barriers.api.helps
    import initiatives.cases.api.activities
    import initiatives.cases.api.history
    import initiatives.cases.api.initiatives
    import initiatives.cases.api.initiators
    import initiatives.dashboard.api
    import initiatives.exports.api
    import initiatives.organisation.api
    import initiatives.reports.api  # noqa: F401
    from initiatives.api import init_app
    from initiatives.auth.api import register_token_authentication
    from initiatives.extensions import login_manager

    register_token_authentication(login_manager)
    init_app(app)


def register_error_handlers(app):
    from initiatives.core.errors import register_error_handlers as register

    register(app)


def register_template_helpers(app):
    from initiatives.core.templating import register_template_helpers as register

    register(app)


def register_commands(app):
    from initiatives.auth.cli import users_cli
    from initiatives.demo.cli import demo_data_command
    from initiatives.exports.cli import exports_cli
    from initiatives.intake.cli import intake_cli
    from initiatives.maintenance.cli import backup_command, restore_command
    from initiatives.privacy.cli import privacy_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(demo_data_command)
    app.cli.add_command(intake_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(exports_cli)
