"""URL rules of the stakeholder map on a case: neighbourhood managers who may edit the case (the
map itself is a section of the case page)."""

from flask import Blueprint

from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role
from initiatives.stakeholders import controllers

bp = Blueprint("stakeholders", __name__, url_prefix="/initiatives/<int:initiative_id>")
managers = roles_allowed(Role.NEIGHBOURHOOD_MANAGER)

bp.add_url_rule("/stakeholders", "add", managers(controllers.add), methods=["POST"])
bp.add_url_rule(
    "/stakeholders/<int:stakeholder_id>", "edit", managers(controllers.edit), methods=["GET", "POST"]
)
bp.add_url_rule(
    "/stakeholders/<int:stakeholder_id>/remove", "remove", managers(controllers.remove), methods=["POST"]
)
bp.add_url_rule(
    "/stakeholders/contacts/<int:activity_id>",
    "contact",
    managers(controllers.contact),
    methods=["GET", "POST"],
)
