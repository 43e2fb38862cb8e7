"""URL rules of the right to challenge: its forms on a case (neighbourhood managers who may edit
the case; the challenge itself is a section of the case page) and the admin's tasks and term."""

from flask import Blueprint

from initiatives.challenges import controllers
from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role

bp = Blueprint("challenges", __name__)
managers = roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
admins = roles_allowed(Role.ADMIN)
CASE = "/initiatives/<int:initiative_id>/challenge"

bp.add_url_rule(CASE, "save_proposal", managers(controllers.save_proposal), methods=["POST"])
bp.add_url_rule(
    f"{CASE}/deadline", "change_deadline", managers(controllers.change_deadline), methods=["POST"]
)
bp.add_url_rule(f"{CASE}/decision", "decide", managers(controllers.decide), methods=["POST"])
bp.add_url_rule(f"{CASE}/inadmissible", "inadmissible", managers(controllers.inadmissible), methods=["POST"])
bp.add_url_rule(f"{CASE}/agreement", "save_agreement", managers(controllers.save_agreement), methods=["POST"])
bp.add_url_rule(f"{CASE}/evaluation", "evaluate", managers(controllers.evaluate), methods=["POST"])
bp.add_url_rule("/admin/challenges", "admin", admins(controllers.admin))
bp.add_url_rule("/admin/challenges/tasks", "add_task", admins(controllers.add_task), methods=["POST"])
bp.add_url_rule(
    "/admin/challenges/tasks/<int:task_id>",
    "edit_task",
    admins(controllers.edit_task),
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/admin/challenges/tasks/<int:task_id>/toggle",
    "toggle_task",
    admins(controllers.toggle_task),
    methods=["POST"],
)
bp.add_url_rule("/admin/challenges/term", "set_term", admins(controllers.set_term), methods=["POST"])
