"""URL rules of the printable documents."""

from flask import Blueprint

from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role
from initiatives.reports import controllers

bp = Blueprint("reports", __name__)
readers = roles_allowed(Role.NEIGHBOURHOOD_MANAGER, Role.SECRETARY)

bp.add_url_rule("/initiatives/<int:initiative_id>/dossier.pdf", "dossier", readers(controllers.dossier))
secretaries = roles_allowed(Role.SECRETARY)
bp.add_url_rule("/reports/council", "council", secretaries(controllers.council))
bp.add_url_rule("/reports/council.pdf", "council_pdf", secretaries(controllers.council_pdf))
bp.add_url_rule("/reports/council.docx", "council_docx", secretaries(controllers.council_docx))
