"""URL rules of the audit log; for admins only."""

from flask import Blueprint

from initiatives.audit import controllers
from initiatives.audit.descriptions import describe_entry
from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")
# Case pages and the admin's start page tell entries too, not only the log page.
bp.add_app_template_global(describe_entry, "describe_entry")

bp.add_url_rule("", "index", roles_allowed(Role.ADMIN)(controllers.index))
