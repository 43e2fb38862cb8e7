"""What the reliability tests share: a database of their own next to the suite's."""

from contextlib import contextmanager

import sqlalchemy as sa

from tests.conftest import _postgres_database, is_postgresql


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
