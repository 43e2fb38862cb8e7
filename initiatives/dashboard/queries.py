"""The dashboard: every figure for the page's filters within the user's scope.

Every figure comes from aggregate queries that run on SQLite and PostgreSQL and group in SQL, so
the rows they return are bounded by the reference data (categories, departments, neighbourhoods,
stages, months, days), never by the number of barriers or helps: `selection` says what is counted,
`barrier_figures` and `help_figures` count it, `parallel` runs the queries.
"""

import sqlalchemy as sa

from initiatives.barriers.models import BarrierCategory, HelpCategory
from initiatives.dashboard.barrier_figures import (
    by_category,
    by_department,
    by_neighbourhood,
    by_stage,
    open_by_age,
    time_to_resolve,
    trend,
)
from initiatives.dashboard.cache import cached_aggregates
from initiatives.dashboard.challenge_figures import challenge_figures
from initiatives.dashboard.figures import Dashboard
from initiatives.dashboard.help_figures import help_effectiveness, matrix, refusals_by_decider
from initiatives.dashboard.map_figures import area_map
from initiatives.dashboard.parallel import aggregates
from initiatives.dashboard.satisfaction import satisfaction
from initiatives.dashboard.selection import Selection
from initiatives.dashboard.stakeholder_figures import stakeholder_figures


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
        satisfaction=satisfaction(session, selection, rows.satisfaction),
        stakeholders=stakeholder_figures(session, rows.stakeholders),
        challenges=challenge_figures(session, rows.challenges),
        area_map=area_map(session, selection, rows.initiatives, rows.neighbourhoods, filters.map_level),
    )
