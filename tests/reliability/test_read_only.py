"""A database that cannot be written (read-only, disk full): a clear Dutch 503 page, problem+json on
the API, a failing /healthz with the reason, nothing half-saved, and all well once it is writable.

How the read-only database is simulated: the tests run as root on the CI machine, where `chmod`
does not stop writes, so the app under test opens the same database read-only the way the
database itself enforces it:
- SQLite: the URI filename `file:PATH?mode=ro` with `uri=true` (SQLite refuses every write with
  SQLITE_READONLY, exactly as for a read-only file or directory);
- PostgreSQL: every connection with `default_transaction_read_only=on` (the server refuses every
  write with SQLSTATE 25006, as on a standby or a database an administrator made read-only).
A full disk is simulated on SQLite with `PRAGMA max_page_count` at the current size (SQLite then
answers SQLITE_FULL, "database or disk is full", as on a full disk).
"""

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from initiatives import create_app
from initiatives.cases.models import Initiative
from initiatives.core.access import public
from initiatives.core.errors import UNWRITABLE_EXPLANATIONS
from initiatives.extensions import db
from initiatives.organisation.models import Department
from tests.api.conftest import ApiClient, issue_token
from tests.conftest import csrf_token_from, is_postgresql
from tests.conftest import test_config as make_config


def _read_only_config(database_url, attachment_dir):
    if is_postgresql(database_url):
        return make_config(
            database_url,
            ATTACHMENT_DIR=str(attachment_dir),
            SQLALCHEMY_ENGINE_OPTIONS={
                "pool_pre_ping": True,
                "connect_args": {"options": "-c default_transaction_read_only=on"},
            },
        )
    path = sa.engine.make_url(database_url).database
    return make_config(f"sqlite:///file:{path}?mode=ro&uri=true", ATTACHMENT_DIR=str(attachment_dir))


@pytest.fixture
def read_only_app(app, database_url, attachment_dir):
    """A second app on the same database, which the database lets read but not write."""
    read_only = create_app(_read_only_config(database_url, attachment_dir))
    read_only.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: errors become pages
    yield read_only
    with read_only.app_context():
        db.engine.dispose()


def _edit_form(app, case_id, title):
    with app.app_context():
        case = db.session.get(Initiative, case_id)
        return {
            "title": title,
            "description": case.description,
            "neighbourhood": str(case.neighbourhood_id),
            "address": "",
            "channel": "phone",
            "received_on": case.received_on.isoformat(),
            "version": str(case.version),
        }


def _title(app, case_id):
    with app.app_context():
        return db.session.get(Initiative, case_id).title


def _with_session_of(signed_in_browser, other_app):
    """A client of `other_app` carrying the session cookie of a client signed in elsewhere."""
    client = other_app.test_client()
    cookie = signed_in_browser.client.get_cookie("session")
    client.set_cookie("session", cookie.value)
    return client


def _in_dutch(app, text):
    """The Dutch of a message, as the pages show it (Dutch is the default locale)."""
    with app.test_request_context("/"):
        return str(text)


def _integrity_ok(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return True
        return db.session.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"


def test_a_write_to_a_read_only_database_is_a_clear_503_and_saves_nothing(
    demo_world, test_case, signed_in, read_only_app
):
    case_id = test_case["initiative_id"]
    noord = signed_in("noord")  # signing in writes, so it happens while the database is writable
    form = _edit_form(demo_world, case_id, "Nooit opgeslagen")
    token = issue_token(demo_world, "noord")
    edit_page = noord.get(f"/initiatives/{case_id}/edit").get_data(as_text=True)

    client = _with_session_of(noord, read_only_app)
    response = client.post(
        f"/initiatives/{case_id}/edit", data={**form, "csrf_token": csrf_token_from(edit_page)}
    )
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert '<h1 class="utrecht-heading-1">Tijdelijk niet beschikbaar</h1>' in page
    assert _in_dutch(read_only_app, UNWRITABLE_EXPLANATIONS["read-only"]) in page
    assert "Foutcode 503" in page
    assert response.headers["Retry-After"] == "60"

    api = ApiClient(read_only_app.test_client(), token)
    problem = api.patch(
        f"/api/v1/initiatives/{case_id}", json={"title": "Ook niet"}, headers={"If-Match": '"1"'}
    )
    assert problem.status_code == 503
    assert problem.mimetype == "application/problem+json"
    assert problem.get_json()["title"] == "Tijdelijk niet beschikbaar"
    assert problem.get_json()["detail"] == _in_dutch(read_only_app, UNWRITABLE_EXPLANATIONS["read-only"])

    health = read_only_app.test_client().get("/healthz")
    assert health.status_code == 503
    assert health.json["status"] == "unavailable"
    assert health.json["database"] == "read-only"
    assert health.json["reason"] == "the database is read-only"

    # Nothing was half-saved, and the writable app works on as before.
    assert _title(demo_world, case_id) == "Moestuin op het veldje aan de Merelstraat"
    assert demo_world.test_client().get("/healthz").status_code == 200
    assert noord.submit(f"/initiatives/{case_id}/edit", form).status_code == 302
    assert _title(demo_world, case_id) == "Nooit opgeslagen"
    assert _integrity_ok(demo_world)


def test_reading_a_read_only_database_still_works(demo_world, test_case, read_only_app):
    """Only writes fail: the public pages and the health of what can be read go on."""
    response = read_only_app.test_client().get("/login")
    assert response.status_code == 200


@pytest.fixture
def full_disk_app(app, database_url, attachment_dir):
    """SQLite only: a second app whose connections may not grow the file (SQLITE_FULL)."""
    if is_postgresql(database_url):
        pytest.skip("simulated with SQLite's max_page_count; PostgreSQL's disk_full maps the same way")
    full = create_app(make_config(database_url, ATTACHMENT_DIR=str(attachment_dir)))
    full.config["PROPAGATE_EXCEPTIONS"] = False
    with full.app_context():

        @event.listens_for(db.engine, "connect")
        def _no_room(dbapi_connection, connection_record):
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    yield full
    with full.app_context():
        db.engine.dispose()


def test_a_full_disk_is_a_clear_503_and_saves_nothing(demo_world, full_disk_app):
    # Enough rows to need new pages: more than the free pages that emptied tables left behind.
    def add_many():
        free_pages = db.session.execute(sa.text("PRAGMA freelist_count")).scalar()
        page_size = db.session.execute(sa.text("PRAGMA page_size")).scalar()
        for number in range((free_pages + 50) * page_size // 200):
            db.session.add(Department(name=f"Afdeling {number} " + "x" * 200))
        db.session.flush()
        return "saved"

    full_disk_app.add_url_rule("/test-fill", "fill", public(add_many), methods=["POST"])
    full_disk_app.config["WTF_CSRF_ENABLED"] = False
    response = full_disk_app.test_client().post("/test-fill")
    assert response.status_code == 503
    assert _in_dutch(full_disk_app, UNWRITABLE_EXPLANATIONS["disk-full"]) in response.get_data(as_text=True)
    with demo_world.app_context():
        assert not db.session.scalars(sa.select(Department).where(Department.name.like("Afdeling %"))).all()
    assert _integrity_ok(demo_world)


@pytest.mark.parametrize("app_config", [{"HEALTH_MIN_FREE_MB": 10**12}])
def test_healthz_fails_when_the_disk_is_nearly_full(app):
    """Free space below HEALTH_MIN_FREE_MB (here: more than any disk has) fails the check."""
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    assert "disk" in response.json["reason"]


def test_healthz_fails_when_files_cannot_be_stored(app, tmp_path):
    """An attachment directory that cannot be made (its parent is a file) fails the check, even
    for root."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    app.config["ATTACHMENT_DIR"] = str(blocker / "attachments")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["attachments"] == "unwritable"
    assert response.json["database"] == "ok"
    assert response.json["reason"] == "the attachment directory cannot be written"
