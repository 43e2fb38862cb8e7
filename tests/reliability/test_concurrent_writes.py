"""32 writers at once through gunicorn (4 workers of 4 threads, as `make serve` on a small server),
first all on one case, then each on cases of their own: no answer is a 5xx, no request waits out
the database's lock, and every write that got a success answer is in the database afterwards.

On SQLite every writing request begins with BEGIN IMMEDIATE (core.db): it waits its turn for the
one write lock instead of failing when it would upgrade a stale read. The case page is read in
between: for the case's own team that read writes an audit entry, after its reads.
"""

import pytest

from scripts import loadtest
from tests.reliability.support import own_database

pytestmark = pytest.mark.slow

USERS = 32
SECONDS = 10
#: Timeline entries (the issue's case), with a read of a case page between them now and then.
ACTIONS = {"activity": 4, "case page": 1}
SCENARIOS = {"one case": True, "many cases": False}


@pytest.fixture
def writes_database(database_url, tmp_path):
    with own_database(database_url, tmp_path, "writes") as url:
        yield url


def test_32_writers_on_one_case_and_on_many_get_no_5xx_and_lose_no_write(writes_database, tmp_path):
    instance = tmp_path / "instance"
    prepared = loadtest.prepare_database(writes_database, instance, cases=60)
    server = loadtest.Server(writes_database, instance, tmp_path / "gunicorn.log", workers=4, threads=4)
    server.start()
    runs = {}
    try:
        for scenario, one_case in SCENARIOS.items():
            run_id = loadtest.new_run_id()
            stats = loadtest.run_load(
                server.base_url,
                prepared,
                users=USERS,
                seconds=SECONDS,
                run_id=run_id,
                actions=ACTIONS,
                one_case=one_case,
            )
            runs[scenario] = (run_id, stats)
    finally:
        server.stop()

    for scenario, (run_id, stats) in runs.items():
        report = f"{scenario}, {len(stats.acknowledged) / stats.seconds:.1f} writes/s:\n{stats.table()}"
        print(report)  # the figures, shown with -s or on failure
        assert stats.count_5xx() == 0, report
        assert sum(stats.errors.values()) == 0, report  # none timed out
        assert sum(stats.resets.values()) == 0, report  # no connection reset
        assert stats.unexpected == [], report  # every user worked; no answer but success or conflict
        assert len(stats.acknowledged) >= USERS, report
        assert loadtest.lost_writes(writes_database, run_id, stats.acknowledged) == []
    assert server.log_problems() == {"database is locked": 0, "traceback": 0, "worker timeout": 0}
    assert loadtest.audit_chain_problem(writes_database) == ""
