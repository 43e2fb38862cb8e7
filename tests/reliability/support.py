"""What the reliability tests share: a database of their own next to the suite's."""

from contextlib import contextmanager

import sqlalchemy as sa

from initiatives import create_app
from initiatives.extensions import db
from tests.conftest import _postgres_database, is_postgresql
from tests.conftest import test_config as make_config


@contextmanager
def own_database(database_url, tmp_path, suffix):
    """Yield the URL of a new, empty database of the suite's kind, removed afterwards.

    The tests that start gunicorn fill a database with demo data of their own: the suite's
    database (emptied after each test by the `app` fixture) is left alone.
    """
    if not is_postgresql(database_url):
        yield f"sqlite:///{tmp_path / f'{suffix}.sqlite'}"
        return
    target = sa.engine.make_url(database_url)
    url = target.set(database=f"{target.database}_{suffix}").render_as_string(hide_password=False)
    _postgres_database("create", url)
    try:
        yield url
    finally:
        _postgres_database("drop", url)


@contextmanager
def impatient_app(database_url, attachment_dir, wait_ms):
    """A second app on the same database (as another worker process) that waits only `wait_ms`
    for a lock: SQLite's busy timeout, PostgreSQL's lock_timeout. Errors become pages, as in
    production."""
    if is_postgresql(database_url):
        config = make_config(
            database_url,
            ATTACHMENT_DIR=str(attachment_dir),
            SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"options": f"-c lock_timeout={wait_ms}"}},
        )
    else:
        config = make_config(database_url, ATTACHMENT_DIR=str(attachment_dir), SQLITE_BUSY_TIMEOUT_MS=wait_ms)
    impatient = create_app(config)
    impatient.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        yield impatient
    finally:
        with impatient.app_context():
            db.engine.dispose()
