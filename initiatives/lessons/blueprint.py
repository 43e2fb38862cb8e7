"""URL rules of the lessons page: for everyone who reads cases."""

from flask import Blueprint

from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role
from initiatives.lessons import controllers

bp = Blueprint("lessons", __name__, url_prefix="/lessons")
bp.add_url_rule("", "index", roles_allowed(Role.NEIGHBOURHOOD_MANAGER, Role.SECRETARY)(controllers.index))
