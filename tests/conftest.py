"""Shared fixtures: a real database (SQLite file, or PostgreSQL from DATABASE_URL), the app,
signed-in clients and a live server for the browser tests."""

import os
import re

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from initiatives import create_app
from initiatives.audit.protection import protection_lifted
from initiatives.demo import operations as demo
from initiatives.demo.shapes import create_demo_shapes
from initiatives.extensions import dashboard_cache, db, limiter

DEMO_PASSWORD = demo.DEMO_PASSWORD

# The browser fixtures, shared by every test folder (see that module for why here).
pytest_plugins = ["tests.browser.support"]


def is_postgresql(url):
    return url.startswith("postgresql")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id):
    """The database the suite runs against: DATABASE_URL when set, else a SQLite file.

    Under pytest-xdist each worker gets a database of its own (on PostgreSQL, one next to
    DATABASE_URL's, made and dropped here), so workers never see each other's rows.
    """
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path_factory.mktemp('database') / 'bricoleur.sqlite'}"
        return
    if worker_id == "master" or not is_postgresql(url):
        yield url
        return
    target = sa.engine.make_url(url)
    worker_url = target.set(database=f"{target.database}_{worker_id}").render_as_string(hide_password=False)
    _postgres_database("create", worker_url)
    yield worker_url
    _postgres_database("drop", worker_url)


def _postgres_database(action, url):
    """Create (fresh) or drop the PostgreSQL database of `url`."""
    import psycopg
    from psycopg import sql

    target = sa.engine.make_url(url)
    maintenance = target.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    with psycopg.connect(maintenance, autocommit=True) as connection:
        name = sql.Identifier(target.database)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if action == "create":
            connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


@pytest.fixture(scope="session")
def attachment_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("attachments")


def test_config(database_url, **overrides):
    config = {"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database_url}
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def _schema(database_url):
    """Build the schema once per run with the migrations; each test empties the tables afterwards."""
    app = create_app(test_config(database_url))
    with app.app_context():
        _drop_everything()
        upgrade()
        db.engine.dispose()
    yield
    with app.app_context():
        _drop_everything()
        db.engine.dispose()


#: The tables FTS5 makes for a search table (`initiative_search_data`...).
FTS5_SHADOW_TABLE = re.compile(r"initiative_search\w*_(data|idx|content|docsize|config)")


def _drop_everything():
    """Remove every table, also the hand-made search tables and Alembic's version table."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        else:
            driver = connection.connection.driver_connection
            driver.execute("PRAGMA foreign_keys = OFF")  # outside a transaction, or it does nothing
            names = sa.inspect(connection).get_table_names()
            for name in names:
                if not FTS5_SHADOW_TABLE.fullmatch(name):  # FTS5 drops its own shadow tables
                    connection.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}"')
            connection.commit()
            driver.execute("PRAGMA foreign_keys = ON")
        connection.commit()


def _empty_all_tables():
    """Delete every row (on PostgreSQL DELETE takes milliseconds where TRUNCATE takes a tenth of a
    second), and start the ids at 1 again."""
    tables = db.metadata.sorted_tables
    db.session.remove()
    with db.engine.begin() as connection:
        is_postgresql = connection.dialect.name == "postgresql"
        if not is_postgresql:
            connection.exec_driver_sql("DELETE FROM initiative_search")
            connection.exec_driver_sql("DELETE FROM initiative_search_public")
        with protection_lifted(connection):  # the audit log refuses DELETE otherwise
            for table in reversed(tables):
                connection.execute(table.delete())
            # The triggers wrote to the tallies while the rows above went: empty them last.
            for table in tables:
                if table.info.get("tally"):
                    connection.execute(table.delete())
        if is_postgresql:
            connection.exec_driver_sql("SELECT setval(oid, 1, false) FROM pg_class WHERE relkind = 'S'")


class Snapshot:
    """The rows of every table at one moment, to be put back with one INSERT per table.

    Building the demo world through the app's own operations takes some three hundred statements
    (each neighbourhood, department and account is saved and audited on its own); every test
    needs it, so it is built once per run and its rows are put back for each test instead.
    """

    def __init__(self, rows):
        self.rows = rows  # table -> [row as a dict], in the order tables must be filled

    @classmethod
    def take(cls, connection):
        rows = {}
        for table in db.metadata.sorted_tables:
            if table.info.get("tally"):  # the triggers fill them again when the rows come back
                continue
            stored = [column for column in table.columns if column.computed is None]
            read = connection.execute(sa.select(*stored)).mappings().all()
            if read:
                rows[table] = [dict(row) for row in read]
        return cls(rows)

    def since(self, earlier):
        """The rows added after `earlier` (whose rows must all still be there, unchanged)."""
        added = {}
        for table, rows in self.rows.items():
            before = earlier.rows.get(table, [])
            unchanged = [row for row in before if row in rows]
            assert len(unchanged) == len(before), f"rows of {table.name} changed, not only added"
            new = [row for row in rows if row not in before]
            if new:
                added[table] = new
        return Snapshot(added)

    def restore(self, connection):
        for table, rows in self.rows.items():
            connection.execute(table.insert(), rows)
        if connection.dialect.name == "postgresql":  # the ids were given: move the sequences on
            for table in self.rows:
                if len(table.primary_key.columns) == 1 and table.primary_key.columns[0].autoincrement:
                    connection.execute(
                        sa.text(
                            "SELECT setval(pg_get_serial_sequence(:name, 'id'), max(id)) FROM "
                            + connection.dialect.identifier_preparer.quote(table.name)
                        ).bindparams(name=table.name)
                    )


@pytest.fixture(scope="session")
def _snapshots(_schema, database_url, attachment_dir):
    """(the rows every installation starts with, the rows the demo world adds to them)."""
    from tests.auth.second_factor import enrol

    app = create_app(test_config(database_url, ATTACHMENT_DIR=str(attachment_dir)))
    with app.app_context():
        with db.engine.connect() as connection:
            empty = Snapshot.take(connection)
        demo.create_reference_data()
        create_demo_shapes(demo.MUNICIPALITY_CODE)
        demo.create_demo_accounts()
        db.session.commit()
        enrol(app, "beheer")
        with db.engine.connect() as connection:
            world = Snapshot.take(connection).since(empty)
        _empty_all_tables()
        with db.engine.begin() as connection:
            empty.restore(connection)
        db.engine.dispose()
    return empty, world


@pytest.fixture
def app_config():
    """Override to change settings for the tests of one module."""
    return {}


#: The apps made in this test process, by their settings: building one (its blueprints, some two
#: hundred URL rules compiled) takes a quarter of a second, which two thousand tests paid each.
_APPS = {}


def _app_for(config, fresh):
    """A new app, or the one made earlier with the same settings; `fresh` for a test that adds
    routes or hooks (Flask refuses those once an app has served a request)."""
    if fresh:
        return create_app(config), False
    key = repr(sorted(config.items()))
    if key not in _APPS:
        _APPS[key] = create_app(config)
    return _APPS[key], key


@pytest.fixture
def app(request, _snapshots, database_url, app_config, attachment_dir):
    """The app on the test database. No app context is held, so each request gets its own.

    Tests with the same settings share an app: after each, its settings are put back, its caches
    emptied, and an app whose routes a test changed is made anew for the next."""
    config = test_config(database_url, ATTACHMENT_DIR=str(attachment_dir), **app_config)
    app, key = _app_for(config, fresh=request.node.get_closest_marker("fresh_app") is not None)
    settings, rules = dict(app.config), len(app.url_map._rules)
    with app.app_context():
        limiter.reset()
    yield app
    with app.app_context():
        _empty_all_tables()
        # The lists every installation starts with (themes, skills...) come back for the next test.
        with db.engine.begin() as connection:
            _snapshots[0].restore(connection)
        dashboard_cache.clear()  # its keys hold audit ids, which start at 1 again
        db.engine.dispose()
    app.config.clear()
    app.config.update(settings)
    if key and len(app.url_map._rules) != rules:
        del _APPS[key]


@pytest.fixture
def demo_world(app, _snapshots):
    """The demo municipality: wijken, buurten, departments and the four demo accounts.

    The admin `beheer` has a second factor (tests.auth.second_factor.ADMIN_TOTP_SECRET), as
    every admin must; `Browser.login` enters its code. Made by the demo operations once per run
    (`_snapshots`), and put back for each test.
    """
    with app.app_context(), db.engine.begin() as connection:
        _snapshots[1].restore(connection)
    return app


def open_test_case(username="noord", wijk="WK999902", **fields):
    """Open a case as `username` (inside an app context) and return it."""
    from initiatives.auth.users import find_user
    from initiatives.cases import operations as cases
    from initiatives.cases.attachments import add_attachment
    from initiatives.core.dates import local_today
    from initiatives.organisation.operations import find_neighbourhood

    owner = find_user(username)
    values = {
        "title": "Moestuin op het veldje aan de Merelstraat",
        "description": "Zes buren willen samen groente kweken.",
        "neighbourhood": find_neighbourhood(wijk),
        "channel": "phone",
        "received_on": local_today(),
        "initiators": [
            cases.InitiatorDetails(name="Jan Jansen", email="jan@example.org", phone="0612345678")
        ],
        "first_note": "Jan belde over het veldje.",
    }
    values.update(fields)
    neighbourhood = values["neighbourhood"]
    if neighbourhood is not None and not owner.works_in(neighbourhood):
        # A case outside its owner's wijken (moved there since, or handed over) is not opened
        # so: open it in the owner's own wijk and put it where the test wants it.
        values["neighbourhood"] = owner.neighbourhoods[0]
        initiative = cases.open_case(owner, **values)
        initiative.neighbourhood = neighbourhood
    else:
        initiative = cases.open_case(owner, **values)
    add_attachment(initiative, owner, "plattegrond.txt", b"Het veldje ligt achter nummer 12.")
    return initiative


@pytest.fixture
def test_case(demo_world):
    """A case in Noord (noord's wijk) with a contact, a first activity, a file, a barrier and a
    help; returns ids."""
    from initiatives.barriers import help_operations
    from initiatives.barriers import operations as barriers
    from initiatives.barriers.models import BarrierCategory, HelpCategory
    from initiatives.stakeholders.operations import add_stakeholder

    with demo_world.app_context():
        initiative = open_test_case()
        owner = initiative.owner
        barrier = barriers.record_barrier(
            initiative,
            owner,
            category=db.session.scalar(sa.select(BarrierCategory).filter_by(code="silos")),
            description="Twee afdelingen wijzen naar elkaar.",
        )
        help_ = help_operations.request_help(
            initiative,
            owner,
            category=db.session.scalar(sa.select(HelpCategory).filter_by(code="backing")),
            provider="alderman",
            barriers=[barrier],
        )
        stakeholder = add_stakeholder(
            initiative,
            owner,
            side="outside",
            role="stakeholder",
            influence=3,
            interest=4,
            organisation="Woonstichting Thuis",
        )
        db.session.commit()
        return {
            "initiative_id": initiative.id,
            "initiator_id": initiative.initiators[0].id,
            "attachment_id": initiative.attachments[0].id,
            "activity_id": initiative.activities[0].id,
            "barrier_id": barrier.id,
            "help_id": help_.id,
            "stakeholder_id": stakeholder.id,
        }


def url_ids(app, test_case):
    """The ids the URLs of tests/access_policy.py need, from the demo data and the test case."""
    from initiatives.auth.models import User
    from initiatives.organisation.models import Department, Neighbourhood

    with app.app_context():
        return {
            "user_id": db.session.scalar(sa.select(User.id).where(User.username == "noord")),
            "neighbourhood_id": db.session.scalar(sa.select(Neighbourhood.id).limit(1)),
            "department_id": db.session.scalar(sa.select(Department.id).limit(1)),
            **test_case,
        }


CSRF_PATTERN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def csrf_token_from(html):
    match = CSRF_PATTERN.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1) or match.group(2)


class Browser:
    """A test client that submits forms the way a browser does: with the page's CSRF token."""

    def __init__(self, client):
        self.client = client

    def get(self, url, **kwargs):
        return self.client.get(url, **kwargs)

    def submit(self, url, data, *, form_url=None, follow_redirects=False):
        """GET `form_url` (default `url`) for its CSRF token, then POST `data` to `url`."""
        page = self.client.get(form_url or url)
        token = csrf_token_from(page.get_data(as_text=True))
        return self.client.post(url, data={"csrf_token": token, **data}, follow_redirects=follow_redirects)

    def login(self, username, password=DEMO_PASSWORD):
        """Sign in; for an account with a second factor, enter a fresh code from its app too."""
        from tests.auth.second_factor import fresh_code

        response = self.submit("/login", {"username": username, "password": password})
        if response.status_code == 302 and response.location == "/login/code":
            code = fresh_code(self.client.application, username)
            response = self.submit("/login/code", {"code": code})
        return response

    def logout(self):
        return self.submit("/logout", {}, form_url="/")


@pytest.fixture
def browser(app):
    return Browser(app.test_client())


@pytest.fixture
def signed_in(demo_world):
    """Return a function giving a Browser signed in as one of the demo accounts."""

    def sign_in(username):
        client = Browser(demo_world.test_client())
        response = client.login(username)
        assert response.status_code == 302, f"log-in as {username} failed"
        return client

    return sign_in
