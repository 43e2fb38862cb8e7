"""The barriers a case hit inside the municipality: list, record and change them."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

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
from initiatives.barriers import operations
from initiatives.barriers.api.schemas import (
    BarrierChangesSchema,
    BarrierPageSchema,
    BarrierSchema,
    NewBarrierSchema,
)
from initiatives.barriers.models import Barrier
from initiatives.cases.api.access import CASE_READERS, case_record_from_url, initiative_from_url
from initiatives.cases.models import Initiative
from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role

TAGS = ["Barriers"]
#: The API's names of the inputs a rule may refuse.
API_NAMES = {"stakeholder": "stakeholder_id"}


@bp.route("/initiatives/<int:initiative_id>/barriers", methods=["GET"], endpoint="list_barriers", tags=TAGS)
@roles_allowed(*CASE_READERS)
@initiative_from_url(Initiative.can_view)
@bp.arguments(PageArguments, location="query")
@bp.response(200, BarrierPageSchema)
@documents_problems(bp, 401, 403, 404)
def list_barriers(arguments, initiative):
    """List the barriers of a case, latest raised first."""
    query = (
        sa.select(Barrier)
        .where(Barrier.initiative_id == initiative.id)
        .options(
            selectinload(Barrier.category),
            selectinload(Barrier.department),
            selectinload(Barrier.created_by),
            selectinload(Barrier.effects),
        )
        .order_by(Barrier.raised_on.desc(), Barrier.id.desc())
    )
    return paginated(query, arguments)


@bp.route("/initiatives/<int:initiative_id>/barriers", methods=["POST"], endpoint="record_barrier", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_edit)
@bp.arguments(NewBarrierSchema)
@bp.response(201, BarrierSchema, headers=RECORD_ETAG_HEADER)
@documents_problems(bp, 401, 403, 404)
def record_barrier(fields, initiative):
    """Record a barrier the case hit; the stage is by default the one the case is in. It may name
    the inside stakeholder of the case it came from."""
    with fields_named(**API_NAMES):
        barrier = operations.record_barrier(initiative, acting_user(), **fields)
    return barrier, 201, {"ETag": etag_of(barrier)}


@bp.route("/barriers/<int:barrier_id>", methods=["PATCH"], endpoint="update_barrier", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@case_record_from_url(Barrier, "barrier", Initiative.can_edit)
@bp.arguments(BarrierChangesSchema)
@bp.response(200, BarrierSchema, headers=RECORD_ETAG_HEADER)
@bp.doc(parameters=[if_match_parameter(required=True, of="the barrier")])
@documents_problems(bp, 401, 403, 404, 412, 428)
def update_barrier(changes, item):
    """Change fields or the status of a barrier (open, resolved, accepted). If-Match is required."""
    version = version_from_if_match(item)
    with fields_named(**API_NAMES):
        operations.update_barrier(item, acting_user(), version, **changes)
    return item, 200, {"ETag": etag_of(item)}
