"""URL rules of the case pages and who may use them.

Reading: neighbourhood managers and secretaries (object checks: `Initiative.can_view`).
Changing: neighbourhood managers only, and then `Initiative.can_edit` decides per case.
"""

from flask import Blueprint

from initiatives.cases.controllers import (
    case_page,
    contacts,
    duplicates,
    editing,
    files,
    intake,
    listing,
    team,
    timeline,
    withdrawal,
)
from initiatives.cases.personal_data import any_screened, case_texts
from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role

bp = Blueprint("cases", __name__, url_prefix="/initiatives")
readers = roles_allowed(Role.NEIGHBOURHOOD_MANAGER, Role.SECRETARY)
managers = roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
GET_POST = ["GET", "POST"]
bp.add_app_template_global(case_texts, "case_texts")
bp.add_app_template_global(any_screened, "any_screened")

bp.add_url_rule("", "index", readers(listing.index))
bp.add_url_rule("/new", "new", managers(intake.new), methods=GET_POST)
bp.add_url_rule("/<int:initiative_id>", "show", readers(case_page.show))
bp.add_url_rule("/<int:initiative_id>/edit", "edit", managers(editing.edit), methods=GET_POST)
bp.add_url_rule("/<int:initiative_id>/move", "move", managers(editing.move), methods=["POST"])
bp.add_url_rule("/<int:initiative_id>/withdraw", "withdraw", managers(withdrawal.withdraw), methods=GET_POST)
bp.add_url_rule(
    "/<int:initiative_id>/reinstate", "reinstate", managers(withdrawal.reinstate), methods=GET_POST
)
bp.add_url_rule(
    "/<int:initiative_id>/possible-duplicate/clear",
    "clear_possible_duplicate",
    managers(duplicates.clear_possible_duplicate),
    methods=["POST"],
)
bp.add_url_rule(
    "/<int:initiative_id>/activities", "add_activity", managers(timeline.add_activity), methods=["POST"]
)
bp.add_url_rule(
    "/<int:initiative_id>/activities/<int:activity_id>/void",
    "void_activity",
    managers(timeline.void_activity),
    methods=GET_POST,
)
bp.add_url_rule(
    "/<int:initiative_id>/activities/<int:activity_id>/correct",
    "correct_activity",
    managers(timeline.correct_activity),
    methods=GET_POST,
)
bp.add_url_rule(
    "/<int:initiative_id>/activities/<int:activity_id>/visibility",
    "show_activity_to_initiators",
    managers(timeline.show_activity_to_initiators),
    methods=["POST"],
)
bp.add_url_rule(
    "/<int:initiative_id>/initiators", "add_initiator", managers(contacts.add_initiator), methods=["POST"]
)
bp.add_url_rule(
    "/<int:initiative_id>/initiators/<int:initiator_id>",
    "edit_initiator",
    managers(contacts.edit_initiator),
    methods=GET_POST,
)
bp.add_url_rule(
    "/<int:initiative_id>/initiators/<int:initiator_id>/remove",
    "remove_initiator",
    managers(contacts.remove_initiator),
    methods=["POST"],
)
bp.add_url_rule("/<int:initiative_id>/team", "set_team", managers(team.set_team), methods=["POST"])
bp.add_url_rule("/<int:initiative_id>/owner", "hand_over", managers(team.hand_over), methods=["POST"])
bp.add_url_rule("/<int:initiative_id>/files", "upload", managers(files.upload), methods=["POST"])
bp.add_url_rule("/<int:initiative_id>/files/<int:attachment_id>", "download", readers(files.download))
bp.add_url_rule(
    "/<int:initiative_id>/files/<int:attachment_id>/remove",
    "remove_file",
    managers(files.remove),
    methods=GET_POST,
)
