"""Crash test: kill -9 the server (master and workers) in the middle of the write load; after a
restart the database is sound and every write that got a success answer is there."""

import threading
import time

import pytest
import requests

from scripts import loadtest
from tests.conftest import is_postgresql
from tests.reliability.support import own_database

pytestmark = pytest.mark.slow

USERS = 8
#: Mostly writes, with a few reads between them, as people work.
WRITE_HEAVY = {"activity": 5, "transition": 2, "barrier": 3, "case page": 1}
#: Acknowledged writes to wait for before the kill, so it falls in the middle of the load.
WRITES_BEFORE_KILL = 40


@pytest.fixture
def crash_database(database_url, tmp_path):
    with own_database(database_url, tmp_path, "crash") as url:
        yield url


def wait_for(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_kill_9_during_writes_keeps_the_database_sound_and_every_acknowledged_write(crash_database, tmp_path):
    instance = tmp_path / "instance"
    prepared = loadtest.prepare_database(crash_database, instance, cases=60)
    server = loadtest.Server(crash_database, instance, tmp_path / "gunicorn.log", workers=2).start()
    stats, stop, run_id = loadtest.Stats(), threading.Event(), loadtest.new_run_id()
    load = threading.Thread(
        target=loadtest.run_load,
        kwargs={
            "base_url": server.base_url,
            "prepared": prepared,
            "users": USERS,
            "seconds": 60,
            "run_id": run_id,
            "stats": stats,
            "stop": stop,
            "actions": WRITE_HEAVY,
        },
    )
    load.start()
    try:
        assert wait_for(lambda: len(stats.acknowledged) >= WRITES_BEFORE_KILL, timeout=60), server.log_tail()
        server.kill()  # SIGKILL to the whole process group: no request gets to finish
        writes_seen = len(stats.acknowledged)
        time.sleep(0.5)  # the users meet the dead server (refused connections), then stop
    finally:
        stop.set()
        load.join(timeout=90)
        server.kill()
    assert not load.is_alive()
    assert sum(stats.errors.values()) + sum(stats.resets.values()) > 0, (
        "no request met the dead server: was it really killed?"
    )
    assert len(stats.acknowledged) >= writes_seen

    restarted = loadtest.Server(crash_database, instance, tmp_path / "restarted.log", workers=1).start()
    try:
        answer = requests.get(
            f"{restarted.base_url}/api/v1/initiatives",
            headers={**loadtest.PROXY_HEADERS, "Authorization": f"Bearer {prepared.tokens['noord']}"},
            timeout=30,
        )
        assert answer.status_code == 200
        assert answer.json()["total"] >= 60
    finally:
        restarted.stop()

    if not is_postgresql(crash_database):
        assert loadtest.sqlite_integrity(crash_database) == "ok"
    assert loadtest.lost_writes(crash_database, run_id, stats.acknowledged) == []
    assert loadtest.audit_chain_problem(crash_database) == ""
    assert restarted.log_problems()["traceback"] == 0, restarted.log_tail()
