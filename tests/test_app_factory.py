"""The app factory, the settings and the database connection."""

import subprocess
import sys

import pytest
import sqlalchemy as sa

from config import BASE_DIR
from initiatives import create_app
from initiatives.core.configuration import ConfigurationError
from initiatives.extensions import db


def test_testing_config_is_used(app):
    assert app.config["TESTING"] is True
    assert app.config["ENV_NAME"] == "testing"


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app({"ENV_NAME": "production", "SECRET_KEY": None})


@pytest.mark.parametrize("weak", ["", "dev", "changeme", "short-but-not-empty"])
def test_production_refuses_a_weak_secret_key(weak):
    with pytest.raises(ConfigurationError):
        create_app({"ENV_NAME": "production", "SECRET_KEY": weak})


def test_production_starts_with_a_real_secret_key(database_url):
    app = create_app(
        {"ENV_NAME": "production", "SECRET_KEY": "x" * 64, "SQLALCHEMY_DATABASE_URI": database_url}
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_wsgi_explains_a_missing_secret_in_one_line(tmp_path):
    """`wsgi.py` in production without SECRET_KEY exits with one clear line, not a traceback."""
    env = {"BRICOLEUR_ENV": "production", "BRICOLEUR_INSTANCE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi"], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "SECRET_KEY" in result.stderr


def test_a_number_setting_that_is_no_number_is_explained_in_one_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "BRICOLEUR_CONTACT_RETENTION_MONTHS": "twaalf"}
    result = subprocess.run(
        [sys.executable, "-c", "import config"], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "BRICOLEUR_CONTACT_RETENTION_MONTHS must be a whole number, not 'twaalf'."


def test_settings_come_from_the_environment(tmp_path):
    """Every setting can be set by an environment variable; here the database, page size and env."""
    code = (
        "from initiatives import create_app; app = create_app();"
        "print(app.config['ENV_NAME'], app.config['SQLALCHEMY_DATABASE_URI'], app.config['PAGE_SIZE'])"
    )
    env = {
        "BRICOLEUR_ENV": "testing",
        "DATABASE_URL": f"sqlite:///{tmp_path}/other.sqlite",
        "BRICOLEUR_PAGE_SIZE": "7",
        "BRICOLEUR_INSTANCE_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["testing", f"sqlite:///{tmp_path}/other.sqlite", "7"], result.stderr


def test_unknown_environment_is_refused():
    with pytest.raises(RuntimeError, match="BRICOLEUR_ENV"):
        create_app("staging")


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/pragmas.sqlite"})
    with app.app_context():
        connection = db.session.connection()
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert (
            connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == app.config["SQLITE_BUSY_TIMEOUT_MS"]
        )
        db.session.rollback()
        db.engine.dispose()


def test_postgresql_is_selected_by_database_url(app, database_url):
    with app.app_context():
        expected = "postgresql" if database_url.startswith("postgresql") else "sqlite"
        assert db.engine.dialect.name == expected
        if expected == "postgresql":
            assert db.engine.dialect.driver == "psycopg"


def test_healthz_reports_a_working_database(app):
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing-dir/db.sqlite"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


@pytest.mark.fresh_app
def test_a_failed_request_saves_nothing(app):
    """The unit of work: a handler that flushes and then fails leaves no trace."""
    from initiatives.core.access import public
    from initiatives.organisation.models import Department

    def flush_then_fail():
        db.session.add(Department(name="Half-saved"))
        db.session.flush()
        raise RuntimeError("boom")

    app.add_url_rule("/boom", "boom", public(flush_then_fail))
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Department)) == 0
