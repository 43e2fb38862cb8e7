"""URL rules for barriers and helps on a case: neighbourhood managers who may edit the case."""

from flask import Blueprint

from initiatives.barriers import controllers
from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role

bp = Blueprint("barriers", __name__, url_prefix="/initiatives/<int:initiative_id>")
managers = roles_allowed(Role.NEIGHBOURHOOD_MANAGER)

bp.add_url_rule("/barriers", "record_barrier", managers(controllers.record_barrier), methods=["POST"])
bp.add_url_rule(
    "/barriers/<int:barrier_id>", "edit_barrier", managers(controllers.edit_barrier), methods=["GET", "POST"]
)
bp.add_url_rule(
    "/barriers/<int:barrier_id>/status",
    "set_barrier_status",
    managers(controllers.set_barrier_status),
    methods=["POST"],
)
bp.add_url_rule("/helps", "request_help", managers(controllers.request_help), methods=["POST"])
bp.add_url_rule(
    "/helps/<int:help_id>/decision", "decide_help", managers(controllers.decide_help), methods=["POST"]
)
bp.add_url_rule(
    "/helps/<int:help_id>/applied", "apply_help", managers(controllers.apply_help), methods=["POST"]
)
