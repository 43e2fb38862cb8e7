"""Running the dashboard's aggregate queries: in two halves at once where the database allows
(DASHBOARD_PARALLEL_QUERIES), the second in a thread with a session of its own.
"""

import threading
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from initiatives.core.db import reads_in_parallel
from initiatives.dashboard import barrier_figures, help_figures, map_figures
from initiatives.dashboard import satisfaction as satisfaction_figures
from initiatives.dashboard.barrier_figures import oldest_open_ids
from initiatives.dashboard.barrier_tallies import (
    barrier_counts,
    barriers_over_time,
    initiative_counts,
    neighbourhood_counts,
    resolve_days,
)
from initiatives.dashboard.challenge_figures import challenge_counts
from initiatives.dashboard.help_tallies import help_counts, matrix_counts, resolving_help_counts
from initiatives.dashboard.satisfaction_tallies import satisfaction_counts
from initiatives.dashboard.stakeholder_figures import stakeholder_counts


@dataclass(frozen=True)
class Aggregates:
    """What the dashboard counts in SQL, as plain values (ids, codes, numbers) that can be cached;
    each bounded by the reference data, never by the number of barriers or helps."""

    counts: list
    neighbourhoods: list
    daily: dict
    resolve_days: list
    oldest_ids: list
    helps: list
    resolving_helps: dict
    matrix: list
    satisfaction: list
    stakeholders: list
    challenges: list
    initiatives: list


def aggregates(session, selection, today):
    """Run the dashboard's aggregate queries: in two halves at once, where the database allows.

    Each query runs on one core (SQLite in this process, PostgreSQL in its server process), and
    each half takes about as long as the other (measured at 100,000 cases), so that on two cores
    the page waits for half of them. The second half runs in a thread with a session of its own,
    on its own connection; the request's session is used by this thread only. Both read committed
    data: a GET writes none.
    """
    selection.prepare()
    arguments = (selection, today, chosen_figures())
    second = _SecondHalf(session, *arguments) if _may_run_in_parallel(session) else None
    figures = _first_half(session, *arguments)
    figures.update(second.result() if second is not None else _second_half(session, *arguments))
    return Aggregates(**figures)


#: The dashboard's aggregates by the name of the figure they fill, each called the same way. The
#: barriers' and the map's from the tallies (`barrier_tallies`; the base-table queries of
#: `barrier_figures` and `map_figures` are their reference).
FIGURES = {
    "counts": lambda session, selection, today: barrier_counts(session, selection),
    "daily": lambda session, selection, today: barriers_over_time(session, selection, today),
    "resolving_helps": lambda session, selection, today: resolving_help_counts(session, selection),
    "neighbourhoods": lambda session, selection, today: neighbourhood_counts(session, selection),
    "resolve_days": lambda session, selection, today: resolve_days(session, selection),
    "oldest_ids": lambda session, selection, today: oldest_open_ids(session, selection),
    "matrix": lambda session, selection, today: matrix_counts(session, selection),
    "helps": lambda session, selection, today: help_counts(session, selection),
    "satisfaction": lambda session, selection, today: satisfaction_counts(session, selection),
    "stakeholders": lambda session, selection, today: stakeholder_counts(session, selection),
    "challenges": lambda session, selection, today: challenge_counts(session, selection),
    "initiatives": lambda session, selection, today: initiative_counts(session, selection),
}

#: The same figures from the base rows alone: the tallies' reference (the tests compare them), and
#: the dashboard with DASHBOARD_TALLIES off, which `make bench` times as the raw SQL to compare
#: the page with.
BASE_FIGURES = {
    **FIGURES,
    "counts": lambda session, selection, today: barrier_figures.barrier_counts(session, selection),
    "daily": lambda session, selection, today: barrier_figures.barriers_over_time(session, selection, today),
    "resolving_helps": lambda session, selection, today: help_figures.resolving_help_counts(
        session, selection
    ),
    "neighbourhoods": lambda session, selection, today: barrier_figures.neighbourhood_counts(
        session, selection
    ),
    "resolve_days": lambda session, selection, today: barrier_figures.resolve_days(session, selection),
    "matrix": lambda session, selection, today: help_figures.matrix_counts(session, selection),
    "helps": lambda session, selection, today: help_figures.help_counts(session, selection),
    "satisfaction": lambda session, selection, today: satisfaction_figures.satisfaction_counts(
        session, selection
    ),
    "initiatives": lambda session, selection, today: map_figures.initiative_counts(session, selection),
}


def chosen_figures():
    """FIGURES, or BASE_FIGURES where the app runs without its tallies (DASHBOARD_TALLIES off)."""
    return FIGURES if current_app.config["DASHBOARD_TALLIES"] else BASE_FIGURES


#: The figures of the first half per database, so that the halves take about as long as each
#: other at 100,000 cases with each filter; the second half has the rest. On PostgreSQL the helps,
#: whose filter by department or stage is the page's slowest query there (about 150 ms), go with
#: two aggregates that stay light under that filter.
FIRST_HALF = {
    "sqlite": ("counts", "daily", "resolving_helps"),
    "postgresql": ("helps", "counts", "matrix"),
}


def _first_half(session, selection, today, queries):
    _plan_for_the_dashboard(session)
    return {name: queries[name](session, selection, today) for name in _first(session)}


def _second_half(session, selection, today, queries):
    _plan_for_the_dashboard(session)
    first = _first(session)
    return {name: run(session, selection, today) for name, run in queries.items() if name not in first}


def _first(session):
    return FIRST_HALF.get(session.get_bind().dialect.name, FIRST_HALF["sqlite"])


def _plan_for_the_dashboard(session):
    """PostgreSQL: planner settings for the rest of this transaction (a GET's, or the second
    half's), for the aggregates over hundreds of thousands of index entries.

    No parallel workers: the two halves already keep both cores busy, and workers on top of them
    only contend for the cores (100,000 cases: 340 -> 225 ms unfiltered). A random page costs
    little more than a sequential one, because the indexes are cached: the planner then reads the
    covering indexes instead of the tables (theme filter 480 -> 280 ms). In one statement that is
    a SELECT, so the bench replays it with the raw SQL.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            sa.select(
                sa.func.set_config("max_parallel_workers_per_gather", "0", True),
                sa.func.set_config("random_page_cost", "1.1", True),
            )
        )


def _may_run_in_parallel(session):
    """Whether a second connection may read at the same time: not for a database in memory,
    whose connections are one (or each a database of its own); and not when configured off."""
    if not current_app.config["DASHBOARD_PARALLEL_QUERIES"]:
        return False
    return reads_in_parallel(session.get_bind())


class _SecondHalf:
    """`_second_half` in a thread of its own, with its own session; `result()` waits for it."""

    def __init__(self, session, selection, today, queries):
        self._engine = session.get_bind()
        self._arguments = (selection, today, queries)
        self._outcome = None
        self._thread = threading.Thread(target=self._run, name="dashboard-queries", daemon=True)
        self._thread.start()

    def _run(self):
        try:
            with Session(self._engine) as session:
                self._outcome = (True, _second_half(session, *self._arguments))
        except BaseException as error:  # raised again in the request's thread
            self._outcome = (False, error)

    def result(self):
        self._thread.join()
        succeeded, value = self._outcome
        if not succeeded:
            raise value
        return value
