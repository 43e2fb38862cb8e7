"""The cases: list and search, open, read, change, and move through the stages."""

from flask import url_for

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems
from initiatives.api.schemas import MAX_PAGE_SIZE
from initiatives.api.util import (
    ETAG_HEADER,
    acting_user,
    etag_of,
    if_match_parameter,
    page_envelope,
    version_from_if_match,
)
from initiatives.cases import operations
from initiatives.cases.api.access import CASE_READERS, initiative_from_url
from initiatives.cases.api.schemas import (
    InitiativeChangesSchema,
    InitiativeListArguments,
    InitiativePageSchema,
    InitiativeSchema,
    NewInitiativeSchema,
    ReasonSchema,
    TransitionSchema,
    case_filters,
)
from initiatives.cases.models import Initiative
from initiatives.cases.queries import case_page
from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role
from initiatives.extensions import db

TAGS = ["Initiatives"]


@bp.route("/initiatives", methods=["GET"], endpoint="list_initiatives", tags=TAGS)
@roles_allowed(*CASE_READERS)
@bp.arguments(InitiativeListArguments, location="query")
@bp.response(200, InitiativePageSchema)
@documents_problems(bp, 401, 403)
def list_initiatives(filters):
    """List the cases, filtered; ranked by relevance with `q`, else newest first. Withdrawn cases
    only when asked for (`withdrawn`). A list counts its cases up to 10,000, a search its matches
    up to 1,000: past that `total` is a lower bound and `total_capped` is true."""
    page = case_page(
        db.session,
        case_filters(filters),
        reader=acting_user(),
        page=filters["page"],
        per_page=filters["per_page"],
        max_per_page=MAX_PAGE_SIZE,
    )
    return {**page_envelope(page.items, page.total, filters), "total_capped": page.capped}


@bp.route("/initiatives", methods=["POST"], endpoint="create_initiative", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@bp.arguments(NewInitiativeSchema)
@bp.response(201, InitiativeSchema, headers=ETAG_HEADER)
@documents_problems(bp, 401, 403)
def create_initiative(fields):
    """Open a case in stage intake, owned by you, in one of your own wijken."""
    initiative = operations.open_case(acting_user(), **fields)
    location = url_for("api.get_initiative", initiative_id=initiative.id)
    return initiative, 201, {"ETag": etag_of(initiative), "Location": location}


@bp.route("/initiatives/<int:initiative_id>", methods=["GET"], endpoint="get_initiative", tags=TAGS)
@roles_allowed(*CASE_READERS)
@initiative_from_url(Initiative.can_view)
@bp.response(200, InitiativeSchema, headers=ETAG_HEADER)
@documents_problems(bp, 401, 403, 404)
def get_initiative(initiative):
    """Show a case with its stage, owner and version; the ETag header carries the version."""
    return initiative, 200, {"ETag": etag_of(initiative)}


@bp.route("/initiatives/<int:initiative_id>", methods=["PATCH"], endpoint="update_initiative", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_edit)
@bp.arguments(InitiativeChangesSchema)
@bp.response(200, InitiativeSchema, headers=ETAG_HEADER)
@bp.doc(parameters=[if_match_parameter(required=True)])
@documents_problems(bp, 401, 403, 404, 412, 428)
def update_initiative(changes, initiative):
    """Change fields of a case. If-Match must carry the ETag you loaded: no lost updates."""
    version = version_from_if_match(initiative)
    operations.update_case(initiative, acting_user(), version, **changes)
    return initiative, 200, {"ETag": etag_of(initiative)}


@bp.route(
    "/initiatives/<int:initiative_id>/transitions",
    methods=["POST"],
    endpoint="move_initiative",
    tags=TAGS,
)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_edit)
@bp.arguments(TransitionSchema)
@bp.response(200, InitiativeSchema, headers=ETAG_HEADER)
@bp.doc(parameters=[if_match_parameter(required=False)])
@documents_problems(bp, 401, 403, 404, 409, 412)
def move_initiative(transition, initiative):
    """Move a case to another stage and answer the case.

    Forward one stage is free; a move back, a skip or a reopening needs a `reason`; closing needs
    a `result` and `lessons`. A move the workflow does not have answers 409.
    """
    operations.move_case(
        initiative,
        acting_user(),
        transition["to"],
        reason=transition["reason"],
        result=transition["result"],
        lessons=transition["lessons"],
        expected_version=version_from_if_match(initiative, required=False),
    )
    return initiative, 200, {"ETag": etag_of(initiative)}


@bp.route(
    "/initiatives/<int:initiative_id>/withdraw", methods=["POST"], endpoint="withdraw_initiative", tags=TAGS
)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_edit)
@bp.arguments(ReasonSchema)
@bp.response(200, InitiativeSchema, headers=ETAG_HEADER)
@bp.doc(parameters=[if_match_parameter(required=False)])
@documents_problems(bp, 401, 403, 404, 409, 412, 422)
def withdraw_initiative(arguments, initiative):
    """Withdraw a case registered by mistake or twice, with a `reason`, and answer the case.

    Nothing is deleted: the case stays readable (`"withdrawn": true`, the reason in its history)
    and leaves Mijn werk, the lists, the dashboard, the lessons, the exports and the council report
    until it is taken back; it loses its follow-up date. A withdrawn case answers 409.
    """
    operations.withdraw_case(
        initiative,
        acting_user(),
        reason=arguments["reason"],
        expected_version=version_from_if_match(initiative, required=False),
    )
    return initiative, 200, {"ETag": etag_of(initiative)}


@bp.route(
    "/initiatives/<int:initiative_id>/reinstate", methods=["POST"], endpoint="reinstate_initiative", tags=TAGS
)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_edit)
@bp.arguments(ReasonSchema)
@bp.response(200, InitiativeSchema, headers=ETAG_HEADER)
@bp.doc(parameters=[if_match_parameter(required=False)])
@documents_problems(bp, 401, 403, 404, 409, 412, 422)
def reinstate_initiative(arguments, initiative):
    """Take a withdrawn case back, with a `reason`, in the stage it was in; a case that is not
    withdrawn answers 409."""
    operations.reinstate_case(
        initiative,
        acting_user(),
        reason=arguments["reason"],
        expected_version=version_from_if_match(initiative, required=False),
    )
    return initiative, 200, {"ETag": etag_of(initiative)}
