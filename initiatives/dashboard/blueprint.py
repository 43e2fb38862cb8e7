"""URL rules of the barrier dashboard: secretaries (everywhere) and neighbourhood managers (their
own wijken). Admins manage reference data and have no dashboard."""

from flask import Blueprint

from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role
from initiatives.dashboard import controllers
from initiatives.dashboard.cache import init_cache

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")
readers = roles_allowed(Role.SECRETARY, Role.NEIGHBOURHOOD_MANAGER)

bp.add_url_rule("", "index", readers(controllers.index))
bp.record_once(lambda state: init_cache(state.app))
