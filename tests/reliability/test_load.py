"""The load test at CI size: 8 users for 15 seconds against gunicorn, on the suite's kind of
database (SQLite, or PostgreSQL when DATABASE_URL is set). `make loadtest` runs the full size."""

import pytest

from scripts import loadtest
from tests.reliability.support import own_database

pytestmark = pytest.mark.slow

USERS = 8
SECONDS = 15


@pytest.fixture
def load_database(database_url, tmp_path):
    with own_database(database_url, tmp_path, "load") as url:
        yield url


def test_eight_users_for_fifteen_seconds_get_no_5xx_and_lose_no_write(load_database, tmp_path):
    outcome = loadtest.load_test(load_database, tmp_path, users=USERS, seconds=SECONDS, cases=60, workers=2)
    print(outcome.report())  # the figures, shown with -s or on failure

    assert outcome.failures == [], outcome.report()
    assert outcome.stats.count_5xx() == 0
    assert outcome.lost == []
    assert outcome.log_problems["database is locked"] == 0
    assert outcome.audit_problem == ""
    # Every kind of request was really made, and every kind of write really succeeded.
    channels = {endpoint.split(" ", 1)[0] for endpoint in outcome.stats.timings}
    assert channels == {"page", "api"}
    acknowledged = {kind for kind, _marker in outcome.stats.acknowledged}
    assert acknowledged == set(loadtest.WRITE_ACTIONS)
    # ... and each is in the database afterwards, read here again rather than trusting `lost`.
    present = loadtest.present_markers(load_database, outcome.run_id)
    for kind, marker in outcome.stats.acknowledged:
        assert marker in present[kind], f"{kind} {marker} was acknowledged but is not in the database"
