"""URL rules of merging: on a case, for its owner (`operations.may_request` and the others check
which owner); the API's are in `api`."""

from flask import Blueprint

from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role
from initiatives.merging import controllers

bp = Blueprint("merging", __name__)
managers = roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
GET_POST = ["GET", "POST"]
CASE = "/initiatives/<int:initiative_id>/merge"

bp.add_url_rule(CASE, "merge", managers(controllers.merge), methods=GET_POST)
bp.add_url_rule(f"{CASE}/confirm", "confirm", managers(controllers.confirm), methods=["POST"])
bp.add_url_rule(f"{CASE}/decline", "decline", managers(controllers.decline), methods=GET_POST)
bp.add_url_rule(f"{CASE}/undo", "undo", managers(controllers.undo), methods=GET_POST)
