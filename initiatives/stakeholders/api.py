"""A case's stakeholders in the JSON API: list and add them, read and change one (If-Match)."""

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems, fields_named
from initiatives.api.schemas import PageArguments
from initiatives.api.util import (
    RECORD_ETAG_HEADER,
    acting_user,
    etag_of,
    if_match_parameter,
    paginated,
    version_from_if_match,
)
from initiatives.cases.api.access import CASE_READERS, case_record_from_url, initiative_from_url
from initiatives.cases.models import Initiative
from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role
from initiatives.stakeholders import operations
from initiatives.stakeholders.models import Stakeholder
from initiatives.stakeholders.queries import stakeholders_query
from initiatives.stakeholders.schemas import (
    NewStakeholderSchema,
    StakeholderChangesSchema,
    StakeholderPageSchema,
    StakeholderSchema,
)

TAGS = ["Stakeholders"]
URL = "/initiatives/<int:initiative_id>/stakeholders"
#: The API's names of the inputs a rule may refuse.
API_NAMES = {"initiator": "initiator_id", "activities": "activity_ids"}


@bp.route(URL, methods=["GET"], endpoint="list_stakeholders", tags=TAGS)
@roles_allowed(*CASE_READERS)
@initiative_from_url(Initiative.can_view)
@bp.arguments(PageArguments, location="query")
@bp.response(200, StakeholderPageSchema)
@documents_problems(bp, 401, 403, 404)
def list_stakeholders(arguments, initiative):
    """List the stakeholders of a case: inside first, then by influence. Named persons only for
    those who may see the case's contact details."""
    return paginated(stakeholders_query(initiative), arguments)


@bp.route(URL, methods=["POST"], endpoint="add_stakeholder", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_edit)
@bp.arguments(NewStakeholderSchema)
@bp.response(201, StakeholderSchema, headers=RECORD_ETAG_HEADER)
@documents_problems(bp, 401, 403, 404, 422)
def add_stakeholder(fields, initiative):
    """Add a stakeholder to a case; its stance starts its history."""
    with fields_named(**API_NAMES):
        stakeholder = operations.add_stakeholder(initiative, acting_user(), **fields)
    return stakeholder, 201, {"ETag": etag_of(stakeholder)}


@bp.route("/stakeholders/<int:stakeholder_id>", methods=["GET"], endpoint="get_stakeholder", tags=TAGS)
@roles_allowed(*CASE_READERS)
@case_record_from_url(Stakeholder, "stakeholder", Initiative.can_view)
@bp.response(200, StakeholderSchema, headers=RECORD_ETAG_HEADER)
@documents_problems(bp, 401, 403, 404)
def get_stakeholder(item):
    """Read a stakeholder, with the history of its stance."""
    return item, 200, {"ETag": etag_of(item)}


@bp.route("/stakeholders/<int:stakeholder_id>", methods=["PATCH"], endpoint="update_stakeholder", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@case_record_from_url(Stakeholder, "stakeholder", Initiative.can_edit)
@bp.arguments(StakeholderChangesSchema)
@bp.response(200, StakeholderSchema, headers=RECORD_ETAG_HEADER)
@bp.doc(parameters=[if_match_parameter(required=True, of="the stakeholder")])
@documents_problems(bp, 401, 403, 404, 412, 422, 428)
def update_stakeholder(changes, item):
    """Change a stakeholder; a new stance (or a note) is added to its history. If-Match is required."""
    version = version_from_if_match(item)
    with fields_named(**API_NAMES):
        operations.update_stakeholder(item, acting_user(), version, **changes)
    return item, 200, {"ETag": etag_of(item)}
