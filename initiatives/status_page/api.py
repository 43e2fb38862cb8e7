"""The initiators' status link in the JSON API: make (or replace) it, or revoke it."""

from flask_babel import gettext as _
from marshmallow import fields

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems, raise_problem
from initiatives.api.schemas import ApiSchema
from initiatives.api.util import acting_user
from initiatives.cases.api.access import initiative_from_url
from initiatives.cases.models import Initiative
from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role
from initiatives.status_page import operations

TAGS = ["Initiatives"]
URL = "/initiatives/<int:initiative_id>/status-link"


class StatusLinkSchema(ApiSchema):
    url = fields.String(
        metadata={
            "description": "The status page's secret address, for the initiators (no log-in). "
            "Shown only now: only its hash is kept."
        }
    )
    expires_on = fields.Date(
        metadata={"description": "The last day it works; each use moves it 12 months on."}
    )


@bp.route(URL, methods=["POST"], endpoint="make_status_link", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_edit)
@bp.response(201, StatusLinkSchema)
@documents_problems(bp, 401, 403, 404)
def make_status_link(initiative):
    """Make the initiators' status link of a case; it replaces the case's earlier link."""
    link, secret = operations.make_link(initiative, acting_user())
    return {"url": operations.status_url(secret), "expires_on": link.expires_on}, 201


@bp.route(URL, methods=["DELETE"], endpoint="revoke_status_link", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_edit)
@bp.response(204)
@documents_problems(bp, 401, 403, 404)
def revoke_status_link(initiative):
    """Revoke the status link of a case: its page then answers 404."""
    if not operations.revoke_link(initiative, acting_user()):
        raise_problem(404, _("This initiative has no status link."))
