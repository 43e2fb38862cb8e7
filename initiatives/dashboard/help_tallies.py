"""The dashboard's help figures and its barrier x help matrix from the tallies (`help_tally_tables`),
kept exact by triggers: the same rows as `help_figures`' queries of the base tables, which stay
as the reference and count what the tallies cannot.

A period's months come from the tallies, corrected at its edges by the base rows of a few days (by
their indexed date). The tallies count every case: the few the dashboard leaves out (withdrawn; for
the council report also those left out of it) are counted from the base rows and taken away.
They hold one grouping per filter: the municipality, one neighbourhood, one theme, the department
and/or stage of the barriers. Two of these together (an area with a department, say) are
counted from the base rows.
"""

from collections import Counter
from datetime import timedelta

import sqlalchemy as sa

from initiatives.barriers.lifecycle import HelpStatus, Provider
from initiatives.dashboard import help_figures
from initiatives.dashboard.help_tally_tables import ALL, ANY_STAGE, help_tallies, matrix_tallies


class _Plan:
    """How to count a selection's period: whole months from the tallies (`first_month` to
    `last_day`, either None for open; `months` False: none), corrected at each edge by the base
    rows of a few days (`edges`: (first day, last day, 1 to add or -1 to take away)). Each edge
    takes the fewer days: the part of its month inside the period added to the months after it,
    or the part outside taken away from its whole month."""

    def __init__(self, selection):
        start, end = selection.filters.start, selection.filters.end
        self.first_month = None if start is None else _month_of(start)
        if (
            start is not None
            and start.day != 1
            and (start - self.first_month).days * 2 > _days_in_month(start)
        ):
            self.first_month = _next_month(start)
        self.last_day = None if end is None else _next_month(end) - timedelta(days=1)
        if end is not None and self.last_day != end and (self.last_day - end).days * 2 > _days_in_month(end):
            self.last_day = _month_of(end) - timedelta(days=1)
        self.months = self.first_month is None or self.last_day is None or self.first_month <= self.last_day
        if not self.months:  # within a month or two: the base rows alone
            self.edges = [(start, end, 1)]
            return
        self.edges = []
        if start is not None and start < self.first_month:
            self.edges.append((start, self.first_month - timedelta(days=1), 1))
        elif start is not None and start > self.first_month:
            self.edges.append((self.first_month, start - timedelta(days=1), -1))
        if end is not None and end > self.last_day:
            self.edges.append((self.last_day + timedelta(days=1), end, 1))
        elif end is not None and end < self.last_day:
            self.edges.append((end + timedelta(days=1), self.last_day, -1))


def _days_in_month(day):
    return (_next_month(day) - _month_of(day)).days


def _month_of(day):
    return day.replace(day=1)


def _next_month(day):
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _served(selection):
    """Whether the tallies count this selection: its filters make one grouping (department and
    stage together, or one of area and theme)."""
    filters = selection.filters
    groupings = [
        filters.department is not None or filters.stage is not None,
        filters.theme is not None,
        selection.area_ids() is not None,
    ]
    return sum(groupings) <= 1


def _grouping(columns, selection, department, stage):
    filters = selection.filters
    area_ids = selection.area_ids()
    return [
        department == (filters.department.id if filters.department is not None else ALL),
        stage == (filters.stage.value if filters.stage is not None else ANY_STAGE),
        columns.theme_id == (filters.theme.id if filters.theme is not None else ALL),
        columns.neighbourhood_id.in_(area_ids) if area_ids is not None else columns.neighbourhood_id == ALL,
    ]


def _months(columns, plan):
    conditions = []
    if plan.first_month is not None:
        conditions.append(columns.month >= plan.first_month)
    if plan.last_day is not None:
        conditions.append(columns.month <= plan.last_day)
    return conditions


def _counted(session, selection, tallied, base):
    """Counter of a figure's rows: `tallied(plan)` (rows (key, count) of the whole months), less
    `base(selection, along_period)` (rows of the base tables, (key, count)) of the cases left out
    in those months, if any, corrected by `base` of the edges' days, along the index of the period."""
    plan = _Plan(selection)
    counts = Counter()
    if plan.months:
        for key, count in tallied(plan):
            counts[key] += count
        if selection.leaves_out_any(session):
            whole = selection.with_period(plan.first_month, plan.last_day)
            for key, count in base(whole.left_out(), False):
                counts[key] -= count
    for start, end, sign in plan.edges:
        for key, count in base(selection.with_period(start, end), True):
            counts[key] += sign * count
    return counts


def help_counts(session, selection):
    """As `help_figures.help_counts`: (category id, status, provider, department id, helps)."""
    if not _served(selection):
        return help_figures.help_counts(session, selection)
    t = help_tallies.c
    key = (t.category_id, t.status, t.provider, t.department_id)

    def tallied(plan):
        rows = session.execute(
            sa.select(*key, sa.func.sum(t.helps))
            .where(*_grouping(t, selection, t.barrier_department_id, t.barrier_stage), *_months(t, plan))
            .group_by(*key)
        )
        return [
            ((category_id, status, provider, department_id or None), count)
            for category_id, status, provider, department_id, count in rows
        ]

    def base(of, _along_period):  # along the period's index in any case
        return [
            ((category_id, status.value, provider.value, department_id), count)
            for category_id, status, provider, department_id, count in help_figures.help_counts(session, of)
        ]

    counts = _counted(session, selection, tallied, base)
    return [
        (category_id, HelpStatus(status), Provider(provider), department_id, count)
        for (category_id, status, provider, department_id), count in sorted(counts.items(), key=_order)
        if count
    ]


def resolving_help_counts(session, selection):
    """As `help_figures.resolving_help_counts`: {help category id: helps that resolved a barrier}."""
    if not _served(selection):
        return help_figures.resolving_help_counts(session, selection)
    t = help_tallies.c

    def tallied(plan):
        return session.execute(
            sa.select(t.category_id, sa.func.sum(t.resolving))
            .where(*_grouping(t, selection, t.barrier_department_id, t.barrier_stage), *_months(t, plan))
            .group_by(t.category_id)
        ).all()

    def base(of, along_period):
        return help_figures.resolving_help_counts(session, of, period_index=along_period).items()

    counts = _counted(session, selection, tallied, base)
    return {category_id: count for category_id, count in counts.items() if count}


def matrix_counts(session, selection):
    """As `help_figures.matrix_counts`: (barrier category id, help category id, barriers resolved)."""
    if not _served(selection):
        return help_figures.matrix_counts(session, selection)
    t = matrix_tallies.c

    def tallied(plan):
        rows = session.execute(
            sa.select(t.barrier_category_id, t.help_category_id, sa.func.sum(t.barriers))
            .where(*_grouping(t, selection, t.department_id, t.stage), *_months(t, plan))
            .group_by(t.barrier_category_id, t.help_category_id)
        )
        return [((barrier_category, help_category), count) for barrier_category, help_category, count in rows]

    def base(of, along_period):
        rows = help_figures.matrix_counts(session, of, period_index=along_period)
        return [((barrier_category, help_category), count) for barrier_category, help_category, count in rows]

    counts = _counted(session, selection, tallied, base)
    return [(*key, count) for key, count in sorted(counts.items()) if count]


def _order(item):
    (category_id, status, provider, department_id), _count = item
    return (category_id, status, provider, department_id or 0)
