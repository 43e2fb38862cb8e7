"""Migrations: one head, and `upgrade` on an empty database gives exactly the models' schema."""

import uuid
from contextlib import contextmanager

import psycopg
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from initiatives import create_app
from initiatives.core.db import include_name
from initiatives.extensions import db
from tests.conftest import is_postgresql


@contextmanager
def empty_database(database_url, tmp_path):
    """Yield the URL of a new, empty database of the same kind as the suite's."""
    if not is_postgresql(database_url):
        yield f"sqlite:///{tmp_path}/migrations.sqlite"
        return
    url = sa.engine.make_url(database_url)
    name = f"bricoleur_migrations_{uuid.uuid4().hex[:8]}"
    admin_dsn = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def migrated_app(database_url, tmp_path):
    with empty_database(database_url, tmp_path) as url:
        app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()


def test_migrations_have_exactly_one_head(app):
    with app.app_context():
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        assert len(script.get_heads()) == 1


def test_upgrade_on_an_empty_database_gives_the_models_schema(migrated_app):
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": include_name}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_every_migration_downgrades_to_an_empty_database(migrated_app):
    upgrade()
    downgrade(revision="base")
    tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert not any(table.startswith("initiative_search") for table in tables)
    assert tables == set()
    upgrade()
    assert "users" in sa.inspect(db.engine).get_table_names()
