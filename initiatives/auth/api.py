"""The account in the JSON API: who am I (/me), and the sign-in of API requests by their Bearer
token, which Flask-Login asks for (create_app's register_api registers it)."""

from flask_login import current_user
from marshmallow import fields

from initiatives.api.auth import bearer_token, is_api_request
from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems
from initiatives.api.schemas import ApiSchema, enum
from initiatives.auth.tokens import user_for_token
from initiatives.core.access import signed_in
from initiatives.core.roles import Role

TAGS = ["Account"]


class MeSchema(ApiSchema):
    username = fields.String()
    full_name = fields.String()
    role = enum(Role)
    neighbourhoods = fields.List(
        fields.String(),
        attribute="neighbourhood_codes",
        metadata={"description": "CBS codes of the wijken the user works in."},
    )


@bp.route("/me", endpoint="me", tags=TAGS)
@signed_in
@bp.response(200, MeSchema)
@documents_problems(bp, 401)
def me():
    """Show the account of the token: username, role and neighbourhood codes."""
    return current_user


def user_from_bearer_token(flask_request):
    """Return the active user of a valid API token, for API requests only (Flask-Login's loader)."""
    if not is_api_request(flask_request):
        return None
    token = bearer_token(flask_request)
    return user_for_token(token) if token else None


def register_token_authentication(login_manager):
    """API requests sign in by their token: they carry no session (api/auth.py)."""
    login_manager.request_loader(user_from_bearer_token)
