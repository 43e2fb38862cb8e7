"""URL rules of the exports and who may use them.

Neighbourhood managers and secretaries export cases; including personal data is for
neighbourhood managers only (checked in `downloads.export_response`).
"""

from flask import Blueprint

from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role
from initiatives.exports import controllers

bp = Blueprint("exports", __name__, url_prefix="/initiatives")
readers = roles_allowed(Role.NEIGHBOURHOOD_MANAGER, Role.SECRETARY)

bp.add_url_rule("/export.csv", "cases_csv", readers(controllers.cases_csv))
bp.add_url_rule("/export.xlsx", "cases_xlsx", readers(controllers.cases_xlsx))
