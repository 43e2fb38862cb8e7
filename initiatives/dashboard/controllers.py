"""The dashboard page: filters from the URL, the figures, their charts and drill-down links."""

import sqlalchemy as sa
from flask import render_template, request
from flask_babel import format_decimal, format_percent
from flask_login import current_user

from initiatives.cases.stages import OPEN_STAGES, Stage
from initiatives.core.dates import local_today
from initiatives.dashboard.charts import dashboard_charts
from initiatives.dashboard.filters import DashboardFilters, Scope
from initiatives.dashboard.links import DrillDown
from initiatives.dashboard.map_chart import dashboard_map
from initiatives.dashboard.map_figures import MapLevel, MapMeasure
from initiatives.dashboard.queries import build_dashboard
from initiatives.extensions import db
from initiatives.organisation.models import Department
from initiatives.organisation.operations import wijken
from initiatives.vocabularies.models import Theme
from initiatives.vocabularies.operations import terms


def selected_dashboard(args, user):
    """Return (filters, scope, dashboard) for the URL arguments `args` as `user` may see them."""
    scope = Scope.for_user(user)
    filters = DashboardFilters.from_args(args, db.session, scope)
    return filters, scope, build_dashboard(db.session, filters, scope, local_today())


def _choices(scope):
    """What the filter form offers: the user's wijken (with buurten), departments, stages, themes."""
    return {
        "wijken": list(scope.wijken) if scope.is_limited else wijken(),
        "departments": db.session.scalars(sa.select(Department).order_by(Department.name)).all(),
        "stages": [*OPEN_STAGES, Stage.CLOSED],
        "themes": terms(Theme),
        "map_measures": list(MapMeasure),
        "map_levels": list(MapLevel),
    }


def index():
    filters, scope, dashboard = selected_dashboard(request.args, current_user)
    drill = DrillDown(filters, scope)
    return render_template(
        "dashboard/index.html",
        dashboard=dashboard,
        filters=filters,
        scope=scope,
        choices=_choices(scope),
        charts=dashboard_charts(dashboard),
        drill=drill,
        area_map=dashboard_map(db.session, dashboard, filters.map_measure, drill),
        percent=format_percent,
        decimal=format_decimal,
    )
