"""The dashboard's figures, each from one aggregate query that runs on SQLite and PostgreSQL.

Every query groups in SQL, so the rows it returns are bounded by the reference data (categories,
departments, neighbourhoods, stages, months, days), never by the number of barriers or helps.
"""

import threading
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session, selectinload

from initiatives.barriers.lifecycle import BarrierStatus, Effect, HelpStatus, Provider
from initiatives.barriers.models import Barrier, BarrierCategory, Help, HelpCategory, HelpEffect
from initiatives.cases.models import Initiative, initiative_themes
from initiatives.cases.stages import OPEN_STAGES, Stage
from initiatives.core.db import reads_in_parallel
from initiatives.core.sql import not_indexed, quarter_number
from initiatives.dashboard.cache import cached_aggregates
from initiatives.dashboard.figures import (
    AGE_BUCKETS,
    AgeRow,
    Dashboard,
    HelpTally,
    Matrix,
    OpenByAge,
    Quarter,
    Refusals,
    ResolveTime,
    Tally,
    Trend,
    TrendSeries,
    percentile,
    quarters_between,
)
from initiatives.organisation.models import Department, Neighbourhood

#: How many of the longest-open barriers the dashboard lists.
OLDEST_LIMIT = 10
#: The quarters a trend shows at most when a period has quarters without barriers (`_quarters`).
TREND_QUARTERS = 40

IS_OPEN = Barrier.status == BarrierStatus.OPEN


class Selection:
    """The dashboard's filters within a user's scope, as SQL conditions on barriers and helps.

    Barriers count when raised in the period; helps when requested in it. Department and stage
    describe barriers: for helps they select those that addressed such a barrier. Those of a
    withdrawn case count nowhere, and for the council report neither do those of a case left out
    of it (`counted`).
    """

    def __init__(self, filters, scope):
        self.filters = filters
        self.scope = scope
        self._area_ids = ()  # not read yet

    def area_ids(self):
        """The ids of the neighbourhoods covered; None for the whole municipality.

        Read once (the buurten may need loading), so that the conditions can be made in another
        thread later without touching the request's session (`aggregates`).
        """
        if self._area_ids == ():
            area = self.filters.neighbourhood
            if area is not None:
                self._area_ids = area.area_ids
            else:
                self._area_ids = self.scope.neighbourhood_ids()
        return self._area_ids

    def prepare(self):
        """Load what the conditions read of the filters' objects, with the request's session in
        the request's thread: another thread may then make them without touching that session."""
        self.area_ids()
        for term in (self.filters.department, self.filters.theme):
            if term is not None:
                term.id  # noqa: B018 (loads it if it was expired)

    def theme(self, initiative_id):
        """The condition on a case's theme, of rows with the case's id `initiative_id`; if any."""
        if self.filters.theme is None:
            return []
        with_theme = sa.select(initiative_themes.c.initiative_id).where(
            initiative_themes.c.theme_id == self.filters.theme.id
        )
        return [initiative_id.in_(with_theme)]

    def counted(self, initiative_id):
        """The condition that the case of rows with the case's id `initiative_id` counts.

        Not one of the few cases withdrawn (or left out of the council report, for it): a set
        read once per query, from the index of `withdrawn_at`, and looked up per row by the case's
        id, which every covering index of barriers, helps and effects holds."""
        left_out = Initiative.withdrawn_at.is_not(None)
        if self.filters.council_report:
            left_out = sa.or_(left_out, Initiative.in_council_report == sa.false())
        return [initiative_id.not_in(sa.select(Initiative.id).where(left_out))]

    def _of_cases(self, initiative_id, neighbourhood_id=None, theme=True, counted=True):
        """Conditions on the case a barrier or help belongs to: that it counts (unless `counted`
        is False), its neighbourhood and theme (unless `theme` is False). A barrier knows its
        case's neighbourhood (`neighbourhood_id`); a help asks its case."""
        conditions = self.counted(initiative_id) if counted else []
        area_ids = self.area_ids()
        if area_ids is not None:
            if neighbourhood_id is not None:
                conditions.append(neighbourhood_id.in_(area_ids))
            else:
                in_area = sa.select(Initiative.id).where(Initiative.neighbourhood_id.in_(area_ids))
                conditions.append(initiative_id.in_(in_area))
        if theme:
            conditions += self.theme(initiative_id)
        return conditions

    def barrier_kind(self):
        """Conditions on what a barrier is: where it arose and the stage the case was in."""
        conditions = []
        if self.filters.department is not None:
            conditions.append(Barrier.department_id == self.filters.department.id)
        if self.filters.stage is not None:
            conditions.append(Barrier.stage == self.filters.stage)
        return conditions

    def barriers(self, period_index=True, theme=True, counted=True):
        """Conditions on the selected barriers. `period_index=False`: SQLite should not search an
        index by the period, because the query reads its barriers in another order (along the
        case, or from the helps' effects) and only filters by the period. `theme=False` and
        `counted=False` leave out the theme and whether the case counts, for a query that has
        said so already (`theme`, `counted`)."""
        of_cases = self._of_cases(Barrier.initiative_id, Barrier.neighbourhood_id, theme, counted)
        conditions = [*self.barrier_kind(), *of_cases]
        raised_on = Barrier.raised_on if period_index else not_indexed(Barrier.raised_on)
        if self.filters.start:
            conditions.append(raised_on >= self.filters.start)
        if self.filters.end:
            conditions.append(raised_on <= self.filters.end)
        return conditions

    def helps(self, of_kind=True, period_index=True, theme=True, counted=True):
        """Conditions on the selected helps. `of_kind=False` leaves out that they addressed a
        barrier of the selected kind, for a query that has said so already; `period_index=False`,
        `theme=False` and `counted=False` as for `barriers`."""
        conditions = self._of_cases(Help.initiative_id, theme=theme, counted=counted)
        requested_on = Help.requested_on if period_index else not_indexed(Help.requested_on)
        if self.filters.start:
            conditions.append(requested_on >= self.filters.start)
        if self.filters.end:
            conditions.append(requested_on <= self.filters.end)
        kind = self.barrier_kind() if of_kind else None
        if kind:
            addressed = sa.select(HelpEffect.help_id).join(Barrier, Barrier.id == HelpEffect.barrier_id)
            conditions.append(Help.id.in_(addressed.where(*kind)))
        return conditions


def build_dashboard(session, filters, scope, today):
    """Run every figure of the dashboard for `filters` within `scope`.

    The aggregate rows come from the figure cache when the data has not changed since they were
    counted (initiatives.dashboard.cache); names, labels and the order of categories are read fresh.
    """
    selection = Selection(filters, scope)
    barrier_categories = session.scalars(
        sa.select(BarrierCategory).order_by(BarrierCategory.position, BarrierCategory.label_nl)
    ).all()
    help_categories = session.scalars(
        sa.select(HelpCategory).order_by(HelpCategory.position, HelpCategory.label_nl)
    ).all()
    rows = cached_aggregates(session, selection, today, aggregates)
    return Dashboard(
        today=today,
        by_category=by_category(rows.counts, barrier_categories),
        by_department=by_department(session, selection, rows.counts),
        by_neighbourhood=by_neighbourhood(session, selection, rows.neighbourhoods),
        by_stage=by_stage(selection, rows.counts),
        trend=trend(rows.daily, selection, barrier_categories),
        time_to_resolve=time_to_resolve(rows.resolve_days, barrier_categories),
        open_by_age=open_by_age(session, rows.daily, rows.oldest_ids, barrier_categories),
        help_effectiveness=help_effectiveness(rows.helps, rows.resolving_helps, help_categories),
        refusals=refusals_by_decider(session, rows.helps),
        matrix=matrix(rows.matrix, barrier_categories, help_categories),
    )


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


def aggregates(session, selection, today):
    """Run the dashboard's aggregate queries: in two halves at once, where the database allows.

    Each query runs on one core (SQLite in this process, PostgreSQL in its server process), and
    each half takes about as long as the other (measured at 100,000 cases), so that on two cores
    the page waits for half of them. The second half runs in a thread with a session of its own,
    on its own connection; the request's session is used by this thread only. Both read committed
    data: a GET writes none.
    """
    selection.prepare()
    second = _SecondHalf(session, selection, today) if _may_run_in_parallel(session) else None
    figures = _first_half(session, selection, today)
    figures.update(second.result() if second is not None else _second_half(session, selection, today))
    return Aggregates(**figures)


#: The dashboard's aggregates by the name of the figure they fill (lambdas: defined further down).
FIGURES = {
    "counts": lambda session, selection, today: barrier_counts(session, selection),
    "daily": lambda session, selection, today: barriers_over_time(session, selection, today),
    "resolving_helps": lambda session, selection, today: resolving_help_counts(session, selection),
    "neighbourhoods": lambda session, selection, today: neighbourhood_counts(session, selection),
    "resolve_days": lambda session, selection, today: resolve_days(session, selection),
    "oldest_ids": lambda session, selection, today: oldest_open_ids(session, selection),
    "matrix": lambda session, selection, today: matrix_counts(session, selection),
    "helps": lambda session, selection, today: help_counts(session, selection),
}

#: The figures of the first half per database, so that the halves take about as long as each
#: other at 100,000 cases with each filter; the second half has the rest. On PostgreSQL the helps,
#: whose filter by department or stage is the page's slowest query there (about 150 ms), go with
#: two aggregates that stay light under that filter.
FIRST_HALF = {
    "sqlite": ("counts", "daily", "resolving_helps"),
    "postgresql": ("helps", "counts", "matrix"),
}


def _first_half(session, selection, today):
    _plan_for_the_dashboard(session)
    return {name: FIGURES[name](session, selection, today) for name in _first(session)}


def _second_half(session, selection, today):
    _plan_for_the_dashboard(session)
    first = _first(session)
    return {name: run(session, selection, today) for name, run in FIGURES.items() if name not in first}


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

    def __init__(self, session, selection, today):
        self._engine = session.get_bind()
        self._arguments = (selection, today)
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


def _shown(terms, ids_with_data):
    """Active categories, and retired ones only where they have data, in the admin's order."""
    return [term for term in terms if term.active or term.id in ids_with_data]


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
        for category in _shown(categories, tallies)
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


def barriers_over_time(session, selection, today):
    """{(category id, quarter number, age bucket key or None): barriers} in one pass: the barriers
    raised per quarter for the trend, with the open ones by age for open_by_age.

    Counted per category, day and status first, which follows the index on (category, raised_on,
    status), then summed: the quarter and the age bucket are worked out per day rather than per
    barrier (PostgreSQL without parallel workers: 100 -> 72 ms). The rows returned are bounded by
    categories x quarters x age buckets.
    """
    daily = (
        sa.select(
            Barrier.category_id,
            Barrier.raised_on.label("day"),
            Barrier.status,
            sa.func.count().label("barriers"),
        )
        .where(*selection.barriers())
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
        for category in _shown(categories, with_data)
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
        for category in _shown(categories, histograms)
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
        for category in _shown(categories, counts)
    ]
    return OpenByAge(buckets=AGE_BUCKETS, rows=rows, oldest=oldest)


# -- (4) help effectiveness and refusals ------------------------------------------------------


def help_counts(session, selection):
    """The selected helps per category, status, provider and department, in one pass for
    help_effectiveness and refusals_by_decider. The rows are bounded by the categories, statuses
    and deciders."""
    grouped = (Help.category_id, Help.status, Help.provider, Help.department_id)
    rows = session.execute(sa.select(*grouped, sa.func.count()).where(*selection.helps()).group_by(*grouped))
    return [
        (category_id, HelpStatus(status), Provider(provider), department_id, count)
        for category_id, status, provider, department_id, count in rows
    ]


def resolving_help_counts(session, selection):
    """{help category id: selected helps that resolved a barrier they addressed (of the selected
    kind)}, from the effects "resolved", which carry their help's category.

    An effect is recorded when its help is applied, and an applied help stays so: an effect
    "resolved" is one of an applied help.
    """
    # With conditions on the helps, their category is read with them; without, the effects' own
    # copy. Either way from the effects: searching the helps of a period first and then their
    # effects reads three times as many rows.
    # The theme, and whether the case counts, from the effects' own copy of their case (every
    # help, or barrier, read otherwise).
    of_helps = selection.helps(of_kind=False, period_index=False, theme=False, counted=False)
    # (Not grouped along an index of the helps, or SQLite reads every help to save a sort.)
    category = not_indexed(Help.category_id) if of_helps else HelpEffect.help_category_id
    query = sa.select(category, sa.func.count(sa.distinct(HelpEffect.help_id))).where(
        HelpEffect.effect == Effect.RESOLVED,
        *selection.theme(HelpEffect.initiative_id),
        *selection.counted(HelpEffect.initiative_id),
    )
    kind = selection.barrier_kind()
    if kind:
        query = query.join(Barrier, Barrier.id == HelpEffect.barrier_id).where(*kind)
    # A help that resolved a barrier of the selected kind addressed one: said once is enough.
    if of_helps:
        query = query.join(Help, Help.id == HelpEffect.help_id).where(*of_helps)
    return dict(session.execute(query.group_by(category)).all())


def help_effectiveness(helps, resolving, categories):
    """Per help category: requested, granted, refused, applied (from help_counts) and resolved
    (from resolving_help_counts)."""
    tallies = {}
    for category_id, status, _provider, _department_id, count in helps:
        tally = tallies.setdefault(category_id, HelpTally("", ""))
        tally.requested += count
        tally.granted += count if status in {HelpStatus.GRANTED, HelpStatus.APPLIED} else 0
        tally.refused += count if status == HelpStatus.REFUSED else 0
        tally.applied += count if status == HelpStatus.APPLIED else 0
    for category_id, count in resolving.items():
        tallies.setdefault(category_id, HelpTally("", "")).resolved += count
    shown = []
    for category in _shown(categories, tallies):
        tally = tallies.get(category.id, HelpTally("", ""))
        tally.key, tally.label, tally.retired = category.code, category.label, not category.active
        shown.append(tally)
    return shown


def refusals_by_decider(session, helps):
    """Refused helps per decider: the alderman, management, someone else, or each department."""
    refused = {}
    for _category_id, status, provider, department_id, count in helps:
        if status == HelpStatus.REFUSED:
            refused[provider, department_id] = refused.get((provider, department_id), 0) + count
    department_ids = {department_id for _provider, department_id in refused if department_id}
    names = dict(
        session.execute(
            sa.select(Department.id, Department.name).where(Department.id.in_(department_ids))
        ).all()
    )
    refusals = []
    for (provider, department_id), count in refused.items():
        by_department = provider == Provider.DEPARTMENT and department_id is not None
        label = names[department_id] if by_department else Provider(provider).title
        refusals.append(
            Refusals(Provider(provider).value, department_id if by_department else None, label, count)
        )
    return sorted(refusals, key=lambda refusal: (-refusal.refused, str(refusal.label)))


# -- (5) which help resolved which barrier ----------------------------------------------------


def matrix_counts(session, selection):
    """(barrier category id, help category id, barriers resolved) for the selected barriers.

    From the effects "resolved" (a fifth of the effects), which carry both categories: along
    ix_help_effects_dashboard alone, looking up their barriers only to filter them."""
    query = sa.select(
        HelpEffect.barrier_category_id,
        HelpEffect.help_category_id,
        sa.func.count(sa.distinct(HelpEffect.barrier_id)),
    ).where(
        HelpEffect.effect == Effect.RESOLVED,
        *selection.theme(HelpEffect.initiative_id),
        *selection.counted(HelpEffect.initiative_id),
    )
    # The theme, and whether the case counts: the effects' copy of their case.
    of_barriers = selection.barriers(period_index=False, theme=False, counted=False)
    if of_barriers:
        query = query.join(Barrier, Barrier.id == HelpEffect.barrier_id).where(*of_barriers)
    rows = session.execute(query.group_by(HelpEffect.barrier_category_id, HelpEffect.help_category_id))
    return [tuple(row) for row in rows]


def matrix(rows, barrier_categories, help_categories):
    """Per barrier category and help category: the selected barriers a help of it resolved."""
    barrier_codes = {category.id: category.code for category in barrier_categories}
    help_codes = {category.id: category.code for category in help_categories}
    return Matrix(
        barrier_categories=[
            (category.code, category.label)
            for category in _shown(barrier_categories, {row[0] for row in rows})
        ],
        help_categories=[
            (category.code, category.label) for category in _shown(help_categories, {row[1] for row in rows})
        ],
        counts={(barrier_codes[barrier], help_codes[help_id]): count for barrier, help_id, count in rows},
    )
