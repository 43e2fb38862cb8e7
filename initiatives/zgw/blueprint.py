"""URL rules of the case system's export: the case page's push button (the owner and the
secretary), its files for the archive (those who edit the case), and the admin's tables."""

from flask import Blueprint

from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role
from initiatives.zgw import controllers

bp = Blueprint("zgw", __name__)

bp.add_url_rule(
    "/initiatives/<int:initiative_id>/zgw",
    "push",
    roles_allowed(Role.NEIGHBOURHOOD_MANAGER, Role.SECRETARY)(controllers.push),
    methods=["POST"],
)
bp.add_url_rule(
    "/initiatives/<int:initiative_id>/zgw/files",
    "archive_files",
    roles_allowed(Role.NEIGHBOURHOOD_MANAGER)(controllers.archive_files),
    methods=["POST"],
)
bp.add_url_rule("/admin/zgw", "admin", roles_allowed(Role.ADMIN)(controllers.admin), methods=["GET", "POST"])
