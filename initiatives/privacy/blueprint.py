"""URL rules of privacy: the statement for everyone, subject access and erasure for admins only."""

from datetime import date

from flask import Blueprint
from flask_babel import format_date

from initiatives.core.access import public, roles_allowed
from initiatives.core.roles import Role
from initiatives.privacy import controllers
from initiatives.privacy.data_subjects import TEXT_KINDS

bp = Blueprint("privacy", __name__)
admin_only = roles_allowed(Role.ADMIN)

bp.add_url_rule("/privacy", "statement", public(controllers.statement))
bp.add_url_rule("/admin/privacy", "admin", admin_only(controllers.admin))
bp.add_url_rule("/admin/privacy/subject", "subject", admin_only(controllers.subject), methods=["POST"])
bp.add_url_rule("/admin/privacy/subject/export", "export", admin_only(controllers.export), methods=["POST"])
bp.add_url_rule("/admin/privacy/erase", "erase", admin_only(controllers.erase), methods=["POST"])


@bp.context_processor
def report_helpers():
    """For the pages and the PDF of a subject-access report: what its texts are, its dates shown."""
    return {"text_kinds": TEXT_KINDS, "report_date": _report_date}


def _report_date(iso_date):
    return format_date(date.fromisoformat(iso_date), "medium") if iso_date else ""
