"""Migrations: one head, `upgrade` on an empty database gives exactly the models' schema, and every
revision upgrades and downgrades one step with data present, keeping every row."""

import uuid
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal

import psycopg
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from config import BASE_DIR
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


# -- every revision, with data present ----------------------------------------------------------
#
# For each revision R: upgrade an empty database to the head and fill every table (the demo
# municipality with cases, a token, a case file, and a generated row for any table still empty),
# then downgrade to R with the data in place, downgrade one step further and upgrade back to R, and
# finally upgrade to the head again. After each upgrade every row that was there before is still
# there (by primary key, in every table that exists on both sides), and so after each downgrade in
# the tables it keeps; at the end the schema is again exactly the models'. So each upgrade runs
# from each earlier revision with data present, and each downgrade one step is tried with data.

MIGRATIONS_DIR = BASE_DIR / "migrations"
#: Alembic's bookkeeping is not data (nor are SQLite FTS5's shadow tables, see is_data_table).
SKIPPED_TABLES = ("alembic_version",)


def all_revisions():
    """Every revision from the first to the head, read from the migration scripts."""
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


def down_revision_of(revision):
    return ScriptDirectory(str(MIGRATIONS_DIR)).get_revision(revision).down_revision or "base"


def is_data_table(name):
    return name not in SKIPPED_TABLES and not name.startswith("initiative_search_")


def rows_by_table(connection):
    """{table: set of primary keys} for every data table (a count for a table without a key)."""
    inspector = sa.inspect(connection)
    rows = {}
    for name in inspector.get_table_names():
        if not is_data_table(name):
            continue
        table = sa.table(name)
        key = inspector.get_pk_constraint(name)["constrained_columns"]
        if key:
            query = sa.select(*(sa.column(column) for column in key)).select_from(table)
            rows[name] = {tuple(row) for row in connection.execute(query)}
        else:
            rows[name] = connection.scalar(sa.select(sa.func.count()).select_from(table))
    return rows


def snapshot():
    with db.engine.connect() as connection:
        return rows_by_table(connection)


def assert_rows_kept(before, after, step):
    """Every row of `before` is in `after`, in every table the two have in common."""
    for name in sorted(set(before) & set(after)):
        if isinstance(before[name], int):
            assert after[name] >= before[name], f"{step}: rows of {name} lost"
        else:
            missing = before[name] - after[name]
            assert not missing, f"{step}: {len(missing)} rows of {name} lost, e.g. {sorted(missing)[:3]}"


def generated_value(connection, column, index):
    """A value that fits `column` for the `index`-th generated row, or None to leave it empty."""
    if column.foreign_keys:
        target = next(iter(column.foreign_keys)).column
        values = connection.scalars(sa.select(target).order_by(target)).all()
        return values[(index - 1) % len(values)] if values else None
    column_type = column.type
    if isinstance(column_type, sa.Enum):
        return column_type.enums[(index - 1) % len(column_type.enums)]
    try:
        python_type = column_type.python_type
    except NotImplementedError:
        return None
    length = getattr(column_type, "length", None) or 40
    values = {
        bool: True,
        int: index,
        float: float(index),
        Decimal: Decimal(index),
        str: f"m{index}-{column.name}"[:length],
        date: date(2026, 1, index),
        datetime: datetime(2026, 1, index, 12, tzinfo=UTC),
        dict: {"generated": index},
        list: [index],
        bytes: b"generated",
    }
    for kind, value in values.items():
        if issubclass(python_type, kind):
            return value
    return None


def fill_empty_tables(connection):
    """Insert two generated rows into every model table that has none; return {table: error}."""
    failures = {}
    for table in db.metadata.sorted_tables:
        if connection.scalar(sa.select(sa.func.count()).select_from(table)):
            continue
        for index in (1, 2):
            row = {}
            for column in table.columns:
                if column.primary_key and isinstance(column.type, sa.Integer) and not column.foreign_keys:
                    continue  # the database numbers it
                value = generated_value(connection, column, index)
                if value is not None:
                    row[column.name] = value
            try:
                with connection.begin_nested():
                    connection.execute(table.insert().values(**row))
            except sa.exc.SQLAlchemyError as error:
                failures[table.name] = str(getattr(error, "orig", error)).splitlines()[0]
    return failures


def fill_every_table(app):
    """The demo municipality with cases, an API token and a case file, then generated rows for
    the tables these leave empty; fails when a table stays empty."""
    from initiatives.auth.tokens import issue_api_token
    from initiatives.auth.users import find_user
    from initiatives.demo import initiatives as demo_cases
    from initiatives.demo import operations as demo
    from initiatives.merging.operations import request_merge
    from tests.conftest import open_test_case

    demo.create_reference_data()
    demo.create_demo_accounts()
    db.session.commit()
    demo_cases.generate(6, seed=7)
    issue_api_token(find_user("noord"), "migrations", 30)
    open_test_case()
    # A duplicate merged into another case (merges, merged_into_id, merged_from_id).
    request_merge(
        open_test_case(title="Dubbel gemeld"), open_test_case(), find_user("noord"), reason="Dubbel."
    )
    db.session.commit()
    db.session.remove()
    with db.engine.begin() as connection:
        failures = fill_empty_tables(connection)
    empty = {name: count for name, count in snapshot().items() if not count}
    assert not empty, f"tables left without rows: {sorted(empty)}; generating rows failed: {failures}"


def assert_schema_is_the_models():
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": include_name}
        )
        assert compare_metadata(context, db.metadata) == []


@pytest.fixture
def migrated_app_with_files(database_url, tmp_path):
    with empty_database(database_url, tmp_path) as url:
        app = create_app(
            {"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url, "ATTACHMENT_DIR": str(tmp_path / "files")}
        )
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()


@pytest.mark.parametrize("revision", all_revisions())
def test_revision_upgrades_and_downgrades_one_step_with_data_present(migrated_app_with_files, revision):
    upgrade()
    fill_every_table(migrated_app_with_files)
    at_head = snapshot()

    downgrade(revision=revision)
    at_revision = snapshot()
    assert_rows_kept(at_head, at_revision, f"downgrade from the head to {revision}")

    previous = down_revision_of(revision)
    downgrade(revision=previous)
    assert_rows_kept(at_revision, snapshot(), f"downgrade {revision} -> {previous}")
    before_upgrade = snapshot()
    upgrade(revision=revision)
    assert set(snapshot()) == set(at_revision), f"upgrade {previous} -> {revision} gives other tables"
    assert_rows_kept(before_upgrade, snapshot(), f"upgrade {previous} -> {revision}")

    upgrade()
    after = snapshot()
    assert set(after) == set(at_head)
    assert_rows_kept(before_upgrade, after, f"upgrade {revision} -> head")
    assert_schema_is_the_models()
