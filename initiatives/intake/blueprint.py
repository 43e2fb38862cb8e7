"""URL rules of the e-mail intake: for neighbourhood managers, who open cases."""

from flask import Blueprint

from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role
from initiatives.core.unit_of_work import reads_first
from initiatives.intake import controllers

bp = Blueprint("intake", __name__, url_prefix="/initiatives")
managers = roles_allowed(Role.NEIGHBOURHOOD_MANAGER)

bp.add_url_rule(
    "/new/email", "new_from_email", reads_first(managers(controllers.new_from_email)), methods=["GET", "POST"]
)
