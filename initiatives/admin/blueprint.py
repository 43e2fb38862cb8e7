"""URL rules of the admin pages; every one is for admins only."""

from flask import Blueprint

from initiatives.admin.controllers import departments, mail, neighbourhoods, users, vocabularies
from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role

bp = Blueprint("admin", __name__, url_prefix="/admin")
admin_only = roles_allowed(Role.ADMIN)

bp.add_url_rule("/users", "users", admin_only(users.index))
bp.add_url_rule("/users/new", "new_user", admin_only(users.new), methods=["GET", "POST"])
bp.add_url_rule("/users/<int:user_id>", "edit_user", admin_only(users.edit), methods=["GET", "POST"])
bp.add_url_rule("/neighbourhoods", "neighbourhoods", admin_only(neighbourhoods.index))
bp.add_url_rule(
    "/neighbourhoods/new", "new_neighbourhood", admin_only(neighbourhoods.new), methods=["GET", "POST"]
)
bp.add_url_rule(
    "/neighbourhoods/<int:neighbourhood_id>",
    "edit_neighbourhood",
    admin_only(neighbourhoods.edit),
    methods=["GET", "POST"],
)
bp.add_url_rule("/departments", "departments", admin_only(departments.index))
bp.add_url_rule("/departments/new", "new_department", admin_only(departments.new), methods=["GET", "POST"])
bp.add_url_rule(
    "/departments/<int:department_id>",
    "edit_department",
    admin_only(departments.edit),
    methods=["GET", "POST"],
)
bp.add_url_rule("/lists", "lists", admin_only(vocabularies.lists))
bp.add_url_rule(
    "/lists/<any(themes, skills, barrier_categories, help_categories):vocabulary>",
    "vocabulary",
    admin_only(vocabularies.index),
)
bp.add_url_rule(
    "/lists/<any(themes, skills, barrier_categories, help_categories):vocabulary>/new",
    "new_term",
    admin_only(vocabularies.new),
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/lists/<any(themes, skills, barrier_categories, help_categories):vocabulary>/<int:term_id>",
    "edit_term",
    admin_only(vocabularies.edit),
    methods=["GET", "POST"],
)
bp.add_url_rule("/mail", "mail", admin_only(mail.index))
bp.add_url_rule("/mail/<int:message_id>/retry", "retry_mail", admin_only(mail.retry), methods=["POST"])
