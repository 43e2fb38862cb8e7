"""The figure cache: every filter and scope gets its own figures, a repeated view runs no aggregate
query, and a change to the data (which writes an audit entry) shows at once."""

import pytest
import sqlalchemy as sa

from initiatives.auth.users import find_user
from initiatives.barriers import operations
from initiatives.barriers.models import Barrier, BarrierCategory
from initiatives.cases.models import Initiative
from initiatives.extensions import db
from tests.dashboard.expected import FILTERS
from tests.dashboard.test_api import expected_figures, figures, get
from tests.dashboard.test_figures import FIGURES, url_args


@pytest.fixture
def app_config():
    return {"DASHBOARD_CACHE": True}


@pytest.fixture
def api(demo_world, data_set):
    from tests.api.conftest import ApiClient, issue_token

    tokens = {username: issue_token(demo_world, username) for username in ("secretaris", "noord")}

    def client(username):
        return ApiClient(demo_world.test_client(), tokens[username])

    return client


def aggregate_queries(app, action):
    """How many GROUP BY statements `action` runs."""
    with app.app_context():
        engine = db.engine
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        action()
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return sum("GROUP BY" in statement for statement in statements)


def test_each_view_has_its_own_figures_twice_over(api, data_set):
    views = [*(("secretaris", name) for name in FILTERS), ("noord", "noord")]
    for _round in range(2):  # the second round comes from the cache
        for username, name in views:
            actual = figures(get(api, username, url_args(FILTERS.get(name, {}), data_set)), data_set)
            expected = expected_figures(name, data_set)
            for figure in FIGURES:
                assert actual[figure] == expected[figure], f"{name}: figure {figure!r}"


def test_a_repeated_view_runs_no_aggregate_query(api, demo_world, data_set):
    assert aggregate_queries(demo_world, lambda: get(api, "secretaris")) > 0
    assert aggregate_queries(demo_world, lambda: get(api, "secretaris")) == 0


def test_a_change_shows_at_once(api, demo_world, data_set):
    by_category = get(api, "secretaris")["by_category"]
    before = {row["category"]: row["total"] for row in by_category}
    open_before = {row["category"]: row["open"] for row in by_category}
    with demo_world.app_context():
        case = db.session.get(Initiative, data_set["cases"]["E"])
        silos = db.session.scalar(sa.select(BarrierCategory).where(BarrierCategory.code == "silos"))
        operations.record_barrier(case, find_user("noord"), category=silos, raised_on=case.received_on)
        db.session.commit()
    by_category = get(api, "secretaris")["by_category"]
    assert {row["category"]: row["total"] for row in by_category} == {**before, "silos": before["silos"] + 1}
    assert {row["category"]: row["open"] for row in by_category} == {
        **open_before,
        "silos": open_before["silos"] + 1,
    }

    with demo_world.app_context():
        barrier = db.session.scalar(sa.select(Barrier).where(Barrier.initiative_id == data_set["cases"]["E"]))
        operations.update_barrier(barrier, find_user("noord"), barrier.version, status="accepted")
        db.session.commit()
    assert {row["category"]: row["open"] for row in get(api, "secretaris")["by_category"]} == open_before


def test_reading_a_case_keeps_the_cache(api, demo_world, data_set):
    """Viewing contact details and refused requests are audited too, but change no figure."""
    get(api, "secretaris")
    case_id = data_set["cases"]["A"]
    api("noord").get(f"/api/v1/initiatives/{case_id}/initiators")  # a logged view of personal data
    api("noord").get(f"/api/v1/initiatives/{data_set['cases']['D']}")  # Zuid's case: a logged refusal
    assert aggregate_queries(demo_world, lambda: get(api, "secretaris")) == 0


def test_a_timeline_note_keeps_the_cache(api, demo_world, data_set):
    """Most writes of a day are timeline notes, contact persons and files: none moves a figure."""
    get(api, "secretaris")
    case_url = f"/api/v1/initiatives/{data_set['cases']['A']}"
    note = {"kind": "call", "happened_on": "2025-06-01", "practice": "mapping", "note": "Gebeld."}
    response = api("noord").post(f"{case_url}/activities", json=note)
    assert response.status_code == 201, response.get_json()
    assert aggregate_queries(demo_world, lambda: get(api, "secretaris")) == 0
