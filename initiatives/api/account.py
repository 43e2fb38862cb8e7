"""Who am I: the account behind the token."""

from flask_login import current_user

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems
from initiatives.api.schemas import MeSchema
from initiatives.core.access import signed_in

TAGS = ["Account"]


@bp.route("/me", endpoint="me", tags=TAGS)
@signed_in
@bp.response(200, MeSchema)
@documents_problems(bp, 401)
def me():
    """Show the account of the token: username, role and neighbourhood codes."""
    return current_user
