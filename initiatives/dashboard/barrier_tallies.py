"""The dashboard's barrier figures and its map read from the tallies (`tally_models`): the same
rows as `barrier_figures`' and `map_figures`' queries of the base tables, which stay the reference.

A period of any days is counted exactly: its whole months from the tallies, the days at its edges
(part of a month) by the reference query on those days alone (`Selection.within`, searched by the
period's index). The open barriers by age split months too (an age bucket starts on any day,
moving with today): in the months where a bucket starts, the open barriers come from the base rows.
Each figure reads the first of the tallies that has the dimensions it groups by and its filters
select on (`pick`); the few combinations of filters none has (a theme with a neighbourhood,
department or stage for some figures; the time to resolve for a theme, or for two of
neighbourhood, department and stage) run the reference query.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa

from initiatives.barriers.lifecycle import BarrierStatus
from initiatives.barriers.models import Barrier
from initiatives.cases.stages import Stage
from initiatives.core.sql import days_between, not_indexed
from initiatives.dashboard import barrier_figures, map_figures
from initiatives.dashboard.figures import AGE_BUCKETS
from initiatives.dashboard.tally_models import BARRIER_TABLES, CASE_TABLES, NO_DEPARTMENT, RESOLVE_TABLES

OPEN = BarrierStatus.OPEN.value


def _month_of(day):
    return day.replace(day=1)


def _next_month(month):
    return date(month.year + 1, 1, 1) if month.month == 12 else date(month.year, month.month + 1, 1)


def _last_day(day):
    """The last day of the month of `day`."""
    return _next_month(_month_of(day)) - timedelta(days=1)


@dataclass
class Stretches:
    """A period split into whole months (read from the tallies) and days (from the base rows):
    `months` as (first, last) month (their first days; None: unbounded), `days` as (start, end)."""

    months: list = field(default_factory=list)
    days: list = field(default_factory=list)

    @classmethod
    def of(cls, start, end):
        """The period from `start` to `end` (either None: unbounded), both included."""
        if start is not None and end is not None:
            if start > end:
                return cls()
            if _month_of(start) == _month_of(end) and not (start.day == 1 and end == _last_day(end)):
                return cls(days=[(start, end)])
        first = last = None
        days = []
        if start is not None:
            first = _month_of(start)
            if start.day != 1:
                days.append((start, _last_day(start)))
                first = _next_month(first)
        if end is not None:
            last = _month_of(end)
            if end != _last_day(end):
                days.append((last, end))
                last = _month_of(last - timedelta(days=1))
        whole = first is None or last is None or first <= last
        return cls(months=[(first, last)] if whole else [], days=days)

    def contains(self, month):
        return any(
            (first is None or month >= first) and (last is None or month <= last)
            for first, last in self.months
        )

    def condition(self, column):
        """The SQL condition that the month `column` is one of the whole months."""
        return sa.or_(
            sa.false(),
            *(
                sa.and_(*([column >= first] if first else []), *([column <= last] if last else []), sa.true())
                for first, last in self.months
            ),
        )


def _filtered(selection):
    """The dimensions the selection's filters select on (besides the month)."""
    filters = selection.filters
    wanted = {"month"}
    if selection.area_ids() is not None:
        wanted.add("neighbourhood_id")
    if filters.department is not None:
        wanted.add("department_id")
    if filters.stage is not None:
        wanted.add("stage")
    if filters.theme is not None:
        wanted.add("theme_id")
    return wanted


def pick(tables, selection, grouped, ignored=()):
    """The first of `tables` with the dimensions `grouped` and those the filters select on (but
    `ignored`), and per theme exactly when a theme is chosen (a barrier counts there once per
    theme); or None."""
    wanted = (_filtered(selection) - set(ignored)) | set(grouped)
    by_theme = selection.filters.theme is not None
    for table in tables:
        names = set(table.c.keys())
        if ("theme_id" in names) == by_theme and wanted <= names:
            return table
    return None


def _tally_conditions(selection, table, stretches):
    """The conditions on the tally `table` for `selection` within the whole months of `stretches`."""
    filters = selection.filters
    conditions = [stretches.condition(table.c.month)]
    if filters.theme is not None:
        conditions.append(table.c.theme_id == filters.theme.id)
    area_ids = selection.area_ids()
    if area_ids is not None:
        conditions.append(table.c.neighbourhood_id.in_(area_ids))
    if filters.department is not None and "department_id" in table.c:
        conditions.append(table.c.department_id == filters.department.id)
    if filters.stage is not None and "stage" in table.c:
        conditions.append(table.c.stage == filters.stage.value)
    if filters.council_report:
        conditions.append(table.c.reported == sa.true())
    return conditions


def _department(department_id):
    return None if department_id == NO_DEPARTMENT else department_id


def _add(totals, key, count):
    totals[key] = totals.get(key, 0) + int(count)


def _edges(selection, stretches):
    return [selection.within(start, end) for start, end in stretches.days]


# -- barrier_counts ---------------------------------------------------------------------------


def barrier_counts(session, selection):
    """`barrier_figures.barrier_counts`, from the tallies."""
    table = pick(BARRIER_TABLES, selection, ("category_id", "department_id", "stage", "status"))
    if table is None:
        return barrier_figures.barrier_counts(session, selection)
    stretches = Stretches.of(selection.filters.start, selection.filters.end)
    dimensions = (table.c.category_id, table.c.department_id, table.c.stage, table.c.status)
    totals = {}
    rows = session.execute(
        sa.select(*dimensions, sa.func.sum(table.c.barriers))
        .where(*_tally_conditions(selection, table, stretches))
        .group_by(*dimensions)
    )
    for category_id, department_id, stage, status, count in rows:
        _add(totals, (category_id, _department(department_id), Stage(stage), BarrierStatus(status)), count)
    for edge in _edges(selection, stretches):
        for *key, count in barrier_figures.barrier_counts(session, edge):
            _add(totals, tuple(key), count)
    return [(*key, count) for key, count in totals.items() if count]


# -- neighbourhood_counts ---------------------------------------------------------------------


def neighbourhood_counts(session, selection):
    """`barrier_figures.neighbourhood_counts`, from the tallies."""
    table = pick(BARRIER_TABLES, selection, ("neighbourhood_id", "status"))
    if table is None:
        return barrier_figures.neighbourhood_counts(session, selection)
    stretches = Stretches.of(selection.filters.start, selection.filters.end)
    still_open = sa.case((table.c.status == OPEN, table.c.barriers), else_=0)
    totals = {}
    rows = session.execute(
        sa.select(table.c.neighbourhood_id, sa.func.sum(table.c.barriers), sa.func.sum(still_open))
        .where(*_tally_conditions(selection, table, stretches))
        .group_by(table.c.neighbourhood_id)
    )
    for neighbourhood_id, total, open_count in rows:
        _add(totals, (neighbourhood_id, "total"), total)
        _add(totals, (neighbourhood_id, "open"), open_count)
    for edge in _edges(selection, stretches):
        for neighbourhood_id, total, open_count in barrier_figures.neighbourhood_counts(session, edge):
            _add(totals, (neighbourhood_id, "total"), total)
            _add(totals, (neighbourhood_id, "open"), open_count)
    return [
        (neighbourhood_id, count, totals.get((neighbourhood_id, "open"), 0))
        for (neighbourhood_id, kind), count in totals.items()
        if kind == "total" and count
    ]


# -- barriers_over_time -----------------------------------------------------------------------


def _bucket_starts(today):
    """The first days of the age buckets but the oldest: an open barrier raised on or after it is
    younger than the bucket before (`barrier_figures._age_bucket`)."""
    return [today - timedelta(days=bucket.oldest) for bucket in AGE_BUCKETS if bucket.oldest is not None]


def _bucket_of_month(month, today):
    """The age bucket of an open barrier raised in `month`, a month no bucket starts within."""
    for bucket in AGE_BUCKETS:
        if bucket.oldest is None or month >= today - timedelta(days=bucket.oldest):
            return bucket.key
    return AGE_BUCKETS[-1].key


def _quarter_number(month):
    return month.year * 4 + (month.month - 1) // 3


def barriers_over_time(session, selection, today):
    """`barrier_figures.barriers_over_time`, from the tallies: per month and status, of which the
    quarter and (open ones) the age bucket follow; the open barriers of the months in which a
    bucket starts from the base rows, as are the days at the period's edges."""
    table = pick(BARRIER_TABLES, selection, ("category_id", "status"))
    if table is None:
        return barrier_figures.barriers_over_time(session, selection, today)
    stretches = Stretches.of(selection.filters.start, selection.filters.end)
    split = sorted({_month_of(day) for day in _bucket_starts(today) if day.day != 1})
    split = [month for month in split if stretches.contains(month)]
    conditions = _tally_conditions(selection, table, stretches)
    if split:
        conditions.append(sa.or_(table.c.status != OPEN, table.c.month.not_in(split)))
    totals = {}
    rows = session.execute(
        sa.select(table.c.category_id, table.c.month, table.c.status, sa.func.sum(table.c.barriers))
        .where(*conditions)
        .group_by(table.c.category_id, table.c.month, table.c.status)
    )
    for category_id, month, status, count in rows:
        bucket = _bucket_of_month(month, today) if status == OPEN else None
        _add(totals, (category_id, _quarter_number(month), bucket), count)
    for edge in _edges(selection, stretches):
        for key, count in barrier_figures.barriers_over_time(session, edge, today).items():
            _add(totals, key, count)
    for month in split:
        edge = selection.within(month, _last_day(month))
        for key, count in barrier_figures.barriers_over_time(session, edge, today, open_only=True).items():
            _add(totals, key, count)
    return {key: count for key, count in totals.items() if count}


# -- resolve_days -----------------------------------------------------------------------------


def resolve_days(session, selection):
    """`barrier_figures.resolve_days`, from the tallies."""
    table = pick(RESOLVE_TABLES, selection, ("category_id", "days_to_resolve"))
    if table is None:
        return barrier_figures.resolve_days(session, selection)
    stretches = Stretches.of(selection.filters.start, selection.filters.end)
    dimensions = (table.c.category_id, table.c.days_to_resolve)
    totals = {}
    rows = session.execute(
        sa.select(*dimensions, sa.func.sum(table.c.barriers))
        .where(*_tally_conditions(selection, table, stretches))
        .group_by(*dimensions)
    )
    for category_id, days, count in rows:
        _add(totals, (category_id, int(days)), count)
    for edge in _edges(selection, stretches):
        for category_id, days, count in _resolve_days_within(session, edge):
            _add(totals, (category_id, days), count)
    return [(*key, count) for key, count in totals.items() if count]


def _resolve_days_within(session, edge):
    """`barrier_figures.resolve_days` for the days of `edge`, along a covering index of the period
    that holds the two dates the days to resolve are worked out from (not the days themselves):
    searched by status as well, SQLite reads a table row per resolved barrier."""
    days = days_between(Barrier.raised_on, Barrier.resolved_on)
    rows = session.execute(
        sa.select(Barrier.category_id, days, sa.func.count())
        .where(*edge.barriers(), not_indexed(Barrier.status) == BarrierStatus.RESOLVED)
        .group_by(Barrier.category_id, days)
    )
    return [(category_id, int(day_count), count) for category_id, day_count, count in rows]


# -- the map: initiative_counts ---------------------------------------------------------------


def initiative_counts(session, selection):
    """`map_figures.initiative_counts`, from the tallies (by the month the cases came in)."""
    # Department and stage describe barriers: the cases of the map are not filtered by them.
    table = pick(CASE_TABLES, selection, ("neighbourhood_id",), ignored=("department_id", "stage"))
    if table is None:
        return map_figures.initiative_counts(session, selection)
    stretches = Stretches.of(selection.filters.start, selection.filters.end)
    totals = {}
    rows = session.execute(
        sa.select(table.c.neighbourhood_id, sa.func.sum(table.c.initiatives))
        .where(*_tally_conditions(selection, table, stretches))
        .group_by(table.c.neighbourhood_id)
    )
    for neighbourhood_id, count in rows:
        _add(totals, neighbourhood_id, count)
    for edge in _edges(selection, stretches):
        for neighbourhood_id, count in map_figures.initiative_counts(session, edge):
            _add(totals, neighbourhood_id, count)
    return [(neighbourhood_id, count) for neighbourhood_id, count in totals.items() if count]
