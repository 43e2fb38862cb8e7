"""URL rules of the audit log; for admins only."""

from flask import Blueprint

from initiatives.audit import controllers
from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")

bp.add_url_rule("", "index", roles_allowed(Role.ADMIN)(controllers.index))
