"""The fuzz tests send hundreds of requests, each a commit; on SQLite, skip the fsync of each
(a crash loses nothing here: the test database is thrown away)."""

import pytest
import sqlalchemy as sa

from initiatives.extensions import db


@pytest.fixture(autouse=True)
def _no_fsync_on_sqlite(app):
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _relaxed(connection, _record):
        connection.execute("PRAGMA synchronous = OFF")

    engine.dispose()  # connections made before now get the pragma too
