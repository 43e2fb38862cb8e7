"""The API blueprint under /api/v1. The resource modules attach their routes to it."""

from flask_smorest import Blueprint

from initiatives.api.openapi import URL_PREFIX
from initiatives.api.problems import register_problem_handlers

bp = Blueprint("api", __name__, url_prefix=URL_PREFIX, description="Bricoleur's JSON API.")
register_problem_handlers(bp)


def load_routes():
    """Import the resource modules, whose decorators attach their routes to `bp`."""
    from initiatives.api import (  # noqa: F401
        account,
        activities,
        barriers,
        cases,
        categories,
        dashboard,
        exports,
        helps,
        history,
        initiators,
        neighbourhoods,
        reports,
    )
