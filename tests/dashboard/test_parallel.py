"""The dashboard runs its aggregate queries in two halves at once, the second in a thread on a
connection of its own (initiatives.dashboard.parallel.aggregates): the figures are the same either
way, for every filter and reader, and the second half really uses a second connection."""

import threading

import pytest
import sqlalchemy as sa

from initiatives.extensions import db
from tests.dashboard.expected import FILTERS, MANAGERS
from tests.dashboard.test_figures import assert_figures, expected_figures, run, url_args


@pytest.fixture(params=[True, False], ids=["parallel", "serial"])
def app_config(request):
    return {"DASHBOARD_PARALLEL_QUERIES": request.param}


def test_every_view_has_the_expected_figures(demo_world, data_set):
    for name, args in FILTERS.items():
        _filters, _dashboard, actual = run(demo_world, "secretaris", url_args(args, data_set))
        assert_figures(actual, expected_figures(name, data_set))
    for name, (username, args) in MANAGERS.items():
        _filters, _dashboard, actual = run(demo_world, username, args)
        assert_figures(actual, expected_figures(name, data_set))


def test_the_second_half_runs_in_a_thread_of_its_own(demo_world, data_set, app_config):
    with demo_world.app_context():
        engine = db.engine
    threads = {}

    def note(conn, cursor, statement, *args):
        if "GROUP BY" in statement:
            threads.setdefault(threading.current_thread().name, []).append(statement)

    sa.event.listen(engine, "before_cursor_execute", note)
    try:
        run(demo_world, "secretaris", {})
    finally:
        sa.event.remove(engine, "before_cursor_execute", note)
    if app_config["DASHBOARD_PARALLEL_QUERIES"]:
        assert set(threads) == {threading.current_thread().name, "dashboard-queries"}
        assert any("neighbourhood_id" in statement for statement in threads["dashboard-queries"])
    else:
        assert set(threads) == {threading.current_thread().name}
