"""The dashboard's figures on barriers: per category, department, neighbourhood and stage; the
trend per quarter; the time to resolve; open barriers by age. Each from one aggregate query that
groups in SQL (rows bounded by the reference data), and how its rows become the figure.
"""

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from initiatives.barriers.lifecycle import BarrierStatus
from initiatives.barriers.models import Barrier
from initiatives.cases.models import Initiative
from initiatives.cases.stages import OPEN_STAGES, Stage
from initiatives.core.sql import quarter_number
from initiatives.dashboard.figures import (
    AGE_BUCKETS,
    AgeRow,
    OpenByAge,
    Quarter,
    ResolveTime,
    Tally,
    Trend,
    TrendSeries,
    percentile,
    quarters_between,
)
from initiatives.dashboard.selection import IS_OPEN, shown_terms
from initiatives.organisation.models import Department, Neighbourhood

#: How many of the longest-open barriers the dashboard lists.
OLDEST_LIMIT = 10
#: The quarters a trend shows at most when a period has quarters without barriers (`_quarters`).
TREND_QUARTERS = 40


# -- (1) barriers per category, department, neighbourhood and stage -----------------------------

#: What barrier_counts groups by; its index ix_barriers_dashboard_counts starts with these columns.
COUNTED = (Barrier.category_id, Barrier.department_id, Barrier.stage, Barrier.status)


def barrier_counts(session, selection):
    """Count the selected barriers per category, department, stage and status in one pass.

    The rows are bounded by categories x departments x stages x statuses; the tallies per
    category, department and stage are sums over them.
    """
    rows = session.execute(
        sa.select(*COUNTED, sa.func.count()).where(*selection.barriers()).group_by(*COUNTED)
    )
    return [
        (category_id, department_id, Stage(stage), status, count)
        for category_id, department_id, stage, status, count in rows
    ]


def _tally(counts, position):
    """{value of the column at `position`: (total, still open)} from barrier_counts' rows."""
    tallies = {}
    for row in counts:
        total, still_open = tallies.get(row[position], (0, 0))
        is_open = row[3] == BarrierStatus.OPEN
        tallies[row[position]] = (total + row[4], still_open + (row[4] if is_open else 0))
    return tallies


def by_category(counts, categories):
    tallies = _tally(counts, 0)
    return [
        Tally(category.code, category.label, *tallies.get(category.id, (0, 0)), retired=not category.active)
        for category in shown_terms(categories, tallies)
    ]


def by_department(session, selection, counts):
    """Per department where barriers arose, most barriers first; then those without a department."""
    tallies = _tally(counts, 1)
    query = sa.select(Department)
    if selection.filters.department is not None:
        query = query.where(Department.id == selection.filters.department.id)
    rows = [
        Tally(
            department.id, department.name, *tallies.get(department.id, (0, 0)), retired=not department.active
        )
        for department in session.scalars(query)
        if department.active or department.id in tallies
    ]
    rows.sort(key=lambda tally: (-tally.total, tally.label))
    if None in tallies:
        rows.append(Tally(None, _l("No department"), *tallies[None]))
    return rows


def neighbourhood_counts(session, selection):
    """(neighbourhood id, barriers, still open) per neighbourhood of the selected barriers' cases,
    along ix_barriers_dashboard_neighbourhood."""
    still_open = sa.case((IS_OPEN, 1), else_=0)
    rows = session.execute(
        sa.select(Barrier.neighbourhood_id, sa.func.count(), sa.func.sum(still_open))
        .where(*selection.barriers())
        .group_by(Barrier.neighbourhood_id)
    )
    return [(neighbourhood_id, int(total), int(still_open)) for neighbourhood_id, total, still_open in rows]


def by_neighbourhood(session, selection, rows):
    """Per wijk: the barriers of cases in the wijk or one of its buurten, from neighbourhood_counts."""
    neighbourhoods = {row.id: row for row in session.scalars(sa.select(Neighbourhood))}
    per_wijk = {}
    for neighbourhood_id, total, still_open in rows:
        wijk = neighbourhoods[neighbourhood_id].wijk
        previous_total, previous_open = per_wijk.get(wijk.id, (0, 0))
        per_wijk[wijk.id] = (previous_total + int(total), previous_open + int(still_open))
    if selection.filters.neighbourhood is not None:
        wijken = [selection.filters.neighbourhood.wijk]
    elif selection.scope.is_limited:
        wijken = list(selection.scope.wijken)
    else:
        wijken = [
            row for row in neighbourhoods.values() if row.is_wijk and (row.active or row.id in per_wijk)
        ]
    wijken.sort(key=lambda wijk: wijk.code)
    return [
        Tally(wijk.code, wijk.name, *per_wijk.get(wijk.id, (0, 0)), retired=not wijk.active)
        for wijk in wijken
    ]


def by_stage(selection, counts):
    tallies = _tally(counts, 2)
    if selection.filters.stage is not None:
        stages = [selection.filters.stage]
    else:
        stages = [*OPEN_STAGES, *([Stage.CLOSED] if Stage.CLOSED in tallies else [])]
    return [Tally(stage.value, stage.title, *tallies.get(stage, (0, 0))) for stage in stages]


# -- (2) trend per quarter, and open barriers by age ------------------------------------------


def barriers_over_time(session, selection, today, open_only=False):
    """{(category id, quarter number, age bucket key or None): barriers} in one pass: the barriers
    raised per quarter for the trend, with the open ones by age for open_by_age.

    Counted per category, day and status first, which follows the index on (category, raised_on,
    status), then summed: the quarter and the age bucket are worked out per day rather than per
    barrier (PostgreSQL without parallel workers: 100 -> 72 ms). The rows returned are bounded by
    categories x quarters x age buckets. `open_only`: the open barriers alone.
    """
    daily = (
        sa.select(
            Barrier.category_id,
            Barrier.raised_on.label("day"),
            Barrier.status,
            sa.func.count().label("barriers"),
        )
        .where(*selection.barriers(), *([IS_OPEN] if open_only else []))
        .group_by(Barrier.category_id, Barrier.raised_on, Barrier.status)
        .subquery()
    )
    category, day, status = daily.c.category_id, daily.c.day, daily.c.status
    quarter = quarter_number(day)
    bucket = sa.case((status == BarrierStatus.OPEN, _age_bucket(day, today)), else_=None)
    rows = session.execute(
        sa.select(category, quarter, bucket, sa.func.sum(daily.c.barriers)).group_by(
            category, quarter, bucket
        )
    )
    return {(category_id, number, bucket_key): int(count) for category_id, number, bucket_key, count in rows}


def trend(daily, selection, categories):
    """Barriers raised per quarter per category, from barriers_over_time."""
    counts = {}
    for (category_id, number, _bucket), count in daily.items():
        key = (category_id, Quarter.from_number(number))
        counts[key] = counts.get(key, 0) + count
    quarters = _quarters(selection.filters, {quarter for _category, quarter in counts})
    with_data = {category_id for category_id, _quarter in counts}
    series = [
        TrendSeries(
            category.code,
            category.label,
            [counts.get((category.id, quarter), 0) for quarter in quarters],
            retired=not category.active,
        )
        for category in shown_terms(categories, with_data)
    ]
    return Trend(quarters=quarters, series=series)


def _quarters(filters, with_data):
    """The quarters of the period, or those from the first to the last barrier without one. A
    period of more than `TREND_QUARTERS` is cut to its quarters from the first to the last
    barrier (or, without any, to its last quarters): ages of empty quarters say nothing, and a
    period of centuries made a page of megabytes."""
    first = Quarter.of(filters.start) if filters.start else min(with_data, default=None)
    last = Quarter.of(filters.end) if filters.end else max(with_data, default=None)
    if first is None or last is None:
        first = last = first or last
    if first is None:
        return []
    quarters = quarters_between(first, last)
    if len(quarters) <= TREND_QUARTERS:
        return quarters
    if not with_data:
        return quarters[-TREND_QUARTERS:]
    return quarters_between(max(first, min(with_data)), min(last, max(with_data)))


# -- (3) time to resolve and open barriers by age ---------------------------------------------


def resolve_days(session, selection):
    """(category id, days to resolve, resolved barriers): a histogram per category, read in the
    order of ix_barriers_dashboard_resolve."""
    days = Barrier.days_to_resolve
    rows = session.execute(
        sa.select(Barrier.category_id, days, sa.func.count())
        # In the order of ix_barriers_dashboard_resolve also with a period: searching the period
        # by raised_on instead reads a table row per resolved barrier in it.
        .where(*selection.barriers(period_index=False), Barrier.status == BarrierStatus.RESOLVED)
        .group_by(Barrier.category_id, days)
    )
    return [(category_id, int(day_count), count) for category_id, day_count, count in rows]


def time_to_resolve(rows, categories):
    """Median and 90th percentile of the days to resolve, from resolve_days' histograms."""
    histograms = {}
    for category_id, day_count, count in rows:
        histograms.setdefault(category_id, []).append((int(day_count), count))
    return [
        ResolveTime(
            category.code,
            category.label,
            resolved=sum(count for _days, count in histograms.get(category.id, [])),
            median=percentile(histograms.get(category.id, []), 0.5),
            p90=percentile(histograms.get(category.id, []), 0.9),
            retired=not category.active,
        )
        for category in shown_terms(categories, histograms)
    ]


def _age_bucket(raised_on, today):
    """The age bucket of an open barrier raised on `raised_on`: compares dates, no arithmetic."""
    whens = [
        (raised_on >= today - timedelta(days=bucket.oldest), bucket.key)
        for bucket in AGE_BUCKETS
        if bucket.oldest is not None
    ]
    return sa.case(*whens, else_=AGE_BUCKETS[-1].key)


def oldest_open_ids(session, selection, limit=OLDEST_LIMIT):
    """The ids of the `limit` longest-open selected barriers, oldest first."""
    return session.scalars(
        sa.select(Barrier.id)
        .where(*selection.barriers(), IS_OPEN)
        .order_by(Barrier.raised_on, Barrier.id)
        .limit(limit)
    ).all()


def open_by_age(session, daily, oldest_ids, categories):
    """Open barriers per category and age bucket (from barriers_over_time), and the longest-open."""
    counts = {}
    for (category_id, _number, bucket_key), count in daily.items():
        if bucket_key is not None:
            per_bucket = counts.setdefault(category_id, {})
            per_bucket[bucket_key] = per_bucket.get(bucket_key, 0) + count
    loaded = session.scalars(
        sa.select(Barrier)
        .where(Barrier.id.in_(oldest_ids))
        .options(
            selectinload(Barrier.initiative).selectinload(Initiative.team),
            selectinload(Barrier.initiative).selectinload(Initiative.initiators),
            selectinload(Barrier.category),
            selectinload(Barrier.department),
        )
    ).all()
    by_id = {barrier.id: barrier for barrier in loaded}
    oldest = [by_id[barrier_id] for barrier_id in oldest_ids if barrier_id in by_id]
    rows = [
        AgeRow(category.code, category.label, counts.get(category.id, {}), retired=not category.active)
        for category in shown_terms(categories, counts)
    ]
    return OpenByAge(buckets=AGE_BUCKETS, rows=rows, oldest=oldest)
