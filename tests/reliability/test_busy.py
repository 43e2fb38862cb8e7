"""A write that cannot get its lock in time: 503 with Retry-After (the page, and problem+json on the
API), nothing of it saved, and the same write goes through once the lock is free.

The lock is held by another connection for the length of the test: on SQLite the database's one
write lock (BEGIN IMMEDIATE), on PostgreSQL the case's row (SELECT ... FOR UPDATE), and the app
under test waits 300 ms for it (SQLite's busy timeout; PostgreSQL's lock_timeout).
"""

import contextlib
import sqlite3

import pytest
import sqlalchemy as sa

from initiatives.cases.models import Activity, Initiative
from initiatives.core.errors import BUSY_EXPLANATION, BUSY_RETRY_AFTER
from initiatives.extensions import db
from tests.api.conftest import ApiClient, issue_token
from tests.conftest import csrf_token_from, is_postgresql
from tests.reliability import support

WAIT_MS = 300


@pytest.fixture
def impatient_app(app, database_url, attachment_dir):
    """A second app on the same database that waits only WAIT_MS for a lock."""
    with support.impatient_app(database_url, attachment_dir, WAIT_MS) as impatient:
        yield impatient


@contextlib.contextmanager
def lock_held(database_url, case_id):
    """Hold the lock a write to the case needs, from a connection of its own."""
    if is_postgresql(database_url):
        engine = sa.create_engine(database_url)
        try:
            with engine.connect() as connection:
                connection.execute(
                    sa.text("SELECT id FROM initiatives WHERE id = :id FOR UPDATE"), {"id": case_id}
                )
                yield
                connection.rollback()
        finally:
            engine.dispose()
        return
    connection = sqlite3.connect(sa.engine.make_url(database_url).database, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        yield
        connection.execute("ROLLBACK")
    finally:
        connection.close()


def _in_dutch(app, text):
    with app.test_request_context("/"):
        return str(text)


def _notes(app, case_id):
    with app.app_context():
        return db.session.scalars(sa.select(Activity.note).where(Activity.initiative_id == case_id)).all()


def test_a_write_that_gets_no_lock_in_time_is_a_503_to_retry_and_saves_nothing(
    demo_world, test_case, signed_in, impatient_app, database_url
):
    case_id = test_case["initiative_id"]
    noord = signed_in("noord")  # signing in writes: before the lock is taken
    token = issue_token(demo_world, "noord")
    case_page = noord.get(f"/initiatives/{case_id}").get_data(as_text=True)
    browser = impatient_app.test_client()
    browser.set_cookie("session", noord.client.get_cookie("session").value)
    api = ApiClient(impatient_app.test_client(), token)
    activity = {"kind": "call", "happened_on": "2026-01-05", "practice": "mapping"}
    with demo_world.app_context():
        version = db.session.get(Initiative, case_id).version

    with lock_held(database_url, case_id):
        page = browser.post(
            f"/initiatives/{case_id}/activities",
            data={**activity, "note": "Op de pagina", "csrf_token": csrf_token_from(case_page)},
        )
        problem = api.post(
            f"/api/v1/initiatives/{case_id}/activities", json={**activity, "note": "Via de API"}
        )

    assert page.status_code == 503
    assert page.headers["Retry-After"] == str(BUSY_RETRY_AFTER)
    assert page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert '<h1 class="utrecht-heading-1">Tijdelijk niet beschikbaar</h1>' in text
    assert _in_dutch(impatient_app, BUSY_EXPLANATION) in text

    assert problem.status_code == 503
    assert problem.headers["Retry-After"] == str(BUSY_RETRY_AFTER)
    assert problem.mimetype == "application/problem+json"
    assert problem.get_json()["detail"] == _in_dutch(impatient_app, BUSY_EXPLANATION)

    # Nothing was saved, not even half; with the lock free the same writes go through.
    assert "Op de pagina" not in _notes(demo_world, case_id)
    assert "Via de API" not in _notes(demo_world, case_id)
    with demo_world.app_context():
        assert db.session.get(Initiative, case_id).version == version
    assert (
        api.post(
            f"/api/v1/initiatives/{case_id}/activities", json={**activity, "note": "Via de API"}
        ).status_code
        == 201
    )
    assert "Via de API" in _notes(demo_world, case_id)
