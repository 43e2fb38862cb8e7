"""Bricoleur: a case tracker for citizen initiatives in Dutch municipalities."""

import gc

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import BASE_DIR, INSTANCE_DIR, config_for
from initiatives.core.configuration import ConfigurationError

#: Keys that a production SECRET_KEY must never be.
WEAK_SECRET_KEYS = {"", "dev", "secret", "changeme", "change-me", "testing-only-not-secret"}


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
    register_published_passwords(app)
    register_request_hooks(app)
    register_vocabularies(app)
    register_audit(app)
    register_domain_hooks()
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
    from initiatives.core.i18n import install_template_translations, select_locale
    from initiatives.extensions import babel, csrf, db, limiter, login_manager, migrate, oauth

    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    install_template_translations(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    oauth.init_app(app)


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
    """Flask-Login's settings and user loader, the second factor's enrolment, and the single
    sign-on client when it is configured."""
    from flask_babel import lazy_gettext as _l

    from initiatives.auth.enforcement import require_second_factor_enrolment
    from initiatives.auth.sessions import load_session_user
    from initiatives.auth.single_sign_on.settings import register_provider
    from initiatives.extensions import login_manager, oauth

    login_manager.user_loader(load_session_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.before_request(require_second_factor_enrolment)
    register_provider(app, oauth.of(app))


def register_published_passwords(app):
    """The demo's password is published in the README: auth's rules refuse it for real accounts."""
    from initiatives.auth.passwords import add_published_password
    from initiatives.demo.operations import DEMO_PASSWORD

    add_published_password(DEMO_PASSWORD)


def register_security_headers(app):
    """Flask-Talisman with this app's options, and no caching of what is private."""
    from initiatives.core.security_headers import keep_private_answers_out_of_caches, talisman_options
    from initiatives.extensions import talisman
    from initiatives.status_page.headers import status_page_headers

    app.after_request(status_page_headers)  # before Talisman's, so it runs after them
    talisman.init_app(app, **talisman_options(app.config))
    app.after_request(keep_private_answers_out_of_caches)


def register_vocabularies(app):
    """The admin-editable lists of the domains above the vocabularies package."""
    from initiatives.barriers.admin_lists import register_admin_lists

    register_admin_lists()


def register_audit(app):
    """The hook that logs refusals and reads, which runs before the unit of work's commit because
    it is registered after it; and the words of the domains (their codes' titles, people's
    names) with which the log tells its entries. (The audit page is registered with the other
    blueprints.)"""
    from initiatives.audit.operations import register_audit_hooks
    from initiatives.auth import audit_words as account_words
    from initiatives.barriers import audit_words as barrier_words
    from initiatives.cases import audit_words as case_words
    from initiatives.challenges import audit_words as challenge_words
    from initiatives.privacy import audit_words as privacy_words
    from initiatives.stakeholders import audit_words as stakeholder_words
    from initiatives.vocabularies import audit_words as list_words
    from initiatives.zgw import hooks as case_system_words

    for words in (
        account_words,
        barrier_words,
        case_words,
        challenge_words,
        privacy_words,
        stakeholder_words,
        list_words,
        case_system_words,
    ):
        words.register_audit_words()
    register_audit_hooks(app)


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


def register_domain_hooks():
    """Where a lower domain needs a higher one's behaviour: barriers follow their case, and add
    their section, timeline events and list filters to the case's pages; the stakeholder map adds
    its section and tells barriers which stakeholders they may name; notifications hear of
    hand-overs, team changes, decided helps and imported e-mails; the dashboard counts the status
    page's satisfaction answers."""
    from initiatives.barriers.hooks import connect_to_cases
    from initiatives.challenges.hooks import connect_to_cases as connect_challenges
    from initiatives.dashboard.case_filters import connect_to_cases as connect_dashboard_map
    from initiatives.locations.hooks import connect_to_cases as connect_locations
    from initiatives.merging.hooks import connect_to_cases as connect_merging
    from initiatives.notifications.hooks import connect as connect_notifications
    from initiatives.stakeholders.hooks import connect_to_cases as connect_stakeholders
    from initiatives.status_page.hooks import connect_to_cases as connect_status_page
    from initiatives.status_page.hooks import connect_to_dashboard as connect_satisfaction
    from initiatives.zgw.hooks import connect_to_cases as connect_case_system

    connect_to_cases()
    connect_stakeholders()
    connect_challenges()
    connect_merging()
    connect_locations()
    connect_dashboard_map()
    connect_notifications()
    connect_status_page()
    connect_satisfaction()
    connect_case_system()


def register_blueprints(app):
    """Every web page's blueprint (the API's is registered by `register_api`). Single sign-on's
    routes are registered always: without its settings they answer 404."""
    from initiatives.admin.blueprint import bp as admin_bp
    from initiatives.audit.blueprint import bp as audit_bp
    from initiatives.auth.blueprint import bp as auth_bp
    from initiatives.auth.single_sign_on.blueprint import bp as single_sign_on_bp
    from initiatives.barriers.blueprint import bp as barriers_bp
    from initiatives.cases.blueprint import bp as cases_bp
    from initiatives.challenges.blueprint import bp as challenges_bp
    from initiatives.dashboard.blueprint import bp as dashboard_bp
    from initiatives.exports.blueprint import bp as exports_bp
    from initiatives.home.blueprint import bp as home_bp
    from initiatives.intake.blueprint import bp as intake_bp
    from initiatives.lessons.blueprint import bp as lessons_bp
    from initiatives.locations.blueprint import bp as locations_bp
    from initiatives.merging.blueprint import bp as merging_bp
    from initiatives.notifications.blueprint import bp as notifications_bp
    from initiatives.notifications.calendar_blueprint import bp as calendar_bp
    from initiatives.privacy.blueprint import bp as privacy_bp
    from initiatives.reports.blueprint import bp as reports_bp
    from initiatives.stakeholders.blueprint import bp as stakeholders_bp
    from initiatives.status_page.blueprint import bp as status_page_bp
    from initiatives.system.blueprint import bp as system_bp
    from initiatives.zgw.blueprint import bp as zgw_bp

    for blueprint in (
        audit_bp,
        auth_bp,
        single_sign_on_bp,
        home_bp,
        cases_bp,
        intake_bp,
        exports_bp,
        barriers_bp,
        dashboard_bp,
        lessons_bp,
        notifications_bp,
        reports_bp,
        admin_bp,
        privacy_bp,
        system_bp,
        calendar_bp,
        status_page_bp,
        zgw_bp,
        stakeholders_bp,
        challenges_bp,
        merging_bp,
        locations_bp,
    ):
        app.register_blueprint(blueprint)


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
    import initiatives.cases.api.similar
    import initiatives.challenges.api
    import initiatives.dashboard.api
    import initiatives.dashboard.map_api
    import initiatives.exports.api
    import initiatives.locations.api
    import initiatives.merging.api
    import initiatives.notifications.api
    import initiatives.notifications.calendar_api
    import initiatives.organisation.api
    import initiatives.reports.api
    import initiatives.stakeholders.api
    import initiatives.status_page.api  # noqa: F401
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
    from initiatives.home.navigation import navigation_context
    from initiatives.notifications.header import notifications_context

    register(app)
    app.context_processor(navigation_context)
    app.context_processor(notifications_context)


def register_commands(app):
    from initiatives.audit.cli import audit_cli
    from initiatives.auth.cli import users_cli
    from initiatives.auth.single_sign_on.cli import sso_cli
    from initiatives.demo.cli import demo_data_command
    from initiatives.exports.cli import exports_cli
    from initiatives.geo.cli import geo_cli
    from initiatives.intake.cli import intake_cli
    from initiatives.maintenance.cli import backup_command, restore_command
    from initiatives.notifications.cli import notifications_cli
    from initiatives.privacy.cli import privacy_cli
    from initiatives.zgw.cli import zgw_cli

    app.cli.add_command(audit_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(sso_cli)
    app.cli.add_command(demo_data_command)
    app.cli.add_command(intake_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(exports_cli)
    app.cli.add_command(notifications_cli)
    app.cli.add_command(zgw_cli)
    app.cli.add_command(geo_cli)
