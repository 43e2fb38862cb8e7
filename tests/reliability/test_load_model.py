"""The morning load model at CI size: a few people for a few seconds against gunicorn, with a
tiny wave, a hot case of three and the BI tool, on the suite's kind of database. `make loadtest`
runs the full morning (150 people for 5 minutes)."""

import re

import pytest
import sqlalchemy as sa

from scripts import loadtest
from tests.reliability.support import own_database

USERS = 9
SECONDS = 16
WAVE, WAVE_SECONDS = 4, 2.0
HOT = 3
THINK = (0.3, 0.8)


@pytest.fixture
def morning_database(database_url, tmp_path):
    with own_database(database_url, tmp_path, "morning") as url:
        yield url


def test_the_plan_puts_the_wave_first_and_the_hot_case_last():
    plan = loadtest.morning_plan(150, 300, wave=50, wave_seconds=10, hot=5, seed=3)
    assert plan.wave == set(range(50))
    assert plan.hot == set(range(145, 150))
    assert all(0 <= plan.starts[index] <= 10 for index in plan.wave)
    # The hot case's colleagues are at it from the start; the others come one by one after the
    # wave, within the minute after it.
    assert all(0 <= plan.starts[index] <= 10 for index in plan.hot)
    later = [plan.starts[index] for index in range(50, 145)]
    assert all(10 <= start <= 70 for start in later)
    assert max(later) - min(later) > 30


def test_the_options_default_to_the_morning_and_keep_flat_out():
    morning = loadtest.parse_args([])
    assert (morning.mode, morning.users, morning.seconds, morning.wave, morning.hot) == (
        "morning",
        150,
        300,
        50,
        5,
    )
    assert tuple(morning.think) == (3.0, 10.0)
    flat = loadtest.parse_args(["--mode", "flat"])
    assert (flat.users, flat.seconds, flat.cases) == (loadtest.DEFAULT_USERS, loadtest.DEFAULT_SECONDS, 300)
    short = loadtest.parse_args(["--users", "20", "--seconds", "30", "--wave", "10", "--think", "1", "2"])
    assert (short.users, short.seconds, short.wave, tuple(short.think)) == (20, 30, 10, (1.0, 2.0))


@pytest.mark.slow
def test_a_short_morning_has_think_time_a_wave_a_hot_case_a_bi_tool_and_a_report(morning_database, tmp_path):
    options = {"wave": WAVE, "wave_seconds": WAVE_SECONDS, "hot": HOT, "think": THINK, "bi_interval": 3.0}
    outcome = loadtest.load_test(
        morning_database,
        tmp_path,
        users=USERS,
        seconds=SECONDS,
        cases=40,
        workers=2,
        mode="morning",
        morning_options=options,
    )
    report = outcome.report()
    print(report)  # the figures, shown with -s or on failure
    stats, morning = outcome.stats, outcome.morning
    assert outcome.failures == [], report

    # People with accounts of their own, each in a wijk of three managers.
    assert len(set(morning.accounts)) == USERS
    assert len(set(morning.wijk_of.values())) == 3
    # Think time: every pause between two actions of a person is within the bounds, and paused.
    assert len(stats.think_times) >= USERS
    assert all(THINK[0] <= pause <= THINK[1] for pause in stats.think_times)
    # The wave: its people all signed in, within its seconds of the start (plus the form's fetch).
    wave = [at for at, label, _duration in stats.log_ins if label == "log-in (wave)"]
    assert len(wave) == WAVE
    assert all(at <= WAVE_SECONDS + 5 for at in wave)
    assert all(stats.plan.starts[index] <= WAVE_SECONDS for index in stats.plan.wave)
    assert len(stats.log_ins) == USERS  # the others signed in later
    # The hot case: its colleagues are on its team, and more than one of them wrote to it.
    engine = sa.create_engine(morning_database)
    try:
        with engine.connect() as connection:
            team = set(
                connection.execute(
                    sa.text(
                        "SELECT users.username FROM initiative_team JOIN users ON users.id = initiative_team.user_id "
                        "WHERE initiative_team.initiative_id = :case"
                    ),
                    {"case": morning.hot_case},
                ).scalars()
            )
            on_hot_case = {
                text
                for table, column in (
                    ("activities", "note"),
                    ("barriers", "description"),
                    ("stage_changes", "reason"),
                )
                for text in connection.execute(
                    sa.text(f"SELECT {column} FROM {table} WHERE initiative_id = :case"),
                    {"case": morning.hot_case},
                ).scalars()
            }
    finally:
        engine.dispose()
    assert set(morning.hot_team) <= team
    hot_writes = {
        marker
        for _kind, marker in stats.acknowledged
        if int(re.search(r"-u(\d+)-", marker).group(1)) in stats.plan.hot
    }
    assert hot_writes <= on_hot_case  # what the colleagues wrote is on the hot case
    writers = {re.search(r"-u(\d+)-", marker).group(1) for marker in hot_writes}
    assert len(writers) >= 2, hot_writes
    hot_labels = {label for label in stats.timings if label.startswith("hot ")}
    assert "hot activity" in hot_labels
    # The BI tool read the dashboard API and the CSV export with its token.
    assert stats.statuses["bi dashboard api"][200] >= 2
    assert stats.statuses["bi csv export"][200] >= 2
    # Writes acknowledged and found afterwards.
    assert outcome.lost == []
    assert {kind for kind, _marker in stats.acknowledged} >= {"activity"}
    # The load average was sampled along.
    assert len(stats.load_averages) >= SECONDS // loadtest.LOAD_SAMPLE_SECONDS - 1
    # The report: percentiles per kind of request, resets, the morning and every target judged.
    for heading in ("p99 ms", "409/412", "connection resets"):
        assert heading in report
    assert "load average (1 min" in report
    for target in ("5xx", "connection resets", "lost writes", *loadtest.TARGETS):
        assert re.search(rf"  (PASS|MISS)  .*{re.escape(target)}", report), target
