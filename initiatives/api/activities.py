"""The timeline of a case: calls, e-mails, meetings and visits, each serving a practice."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from initiatives.api.blueprint import bp
from initiatives.api.cases import CASE_READERS
from initiatives.api.problems import documents_problems
from initiatives.api.schemas import ActivityPageSchema, ActivitySchema, NewActivitySchema, PageArguments
from initiatives.api.util import acting_user, initiative_from_url, paginated
from initiatives.auth.roles import Role
from initiatives.cases import operations
from initiatives.cases.models import Activity, Initiative
from initiatives.core.access import roles_allowed

TAGS = ["Timeline"]
URL = "/initiatives/<int:initiative_id>/activities"


@bp.route(URL, methods=["GET"], endpoint="list_activities", tags=TAGS)
@roles_allowed(*CASE_READERS)
@initiative_from_url(Initiative.can_view)
@bp.arguments(PageArguments, location="query")
@bp.response(200, ActivityPageSchema)
@documents_problems(bp, 401, 403, 404)
def list_activities(arguments, initiative):
    """List the activities of a case, latest first."""
    query = (
        sa.select(Activity)
        .where(Activity.initiative_id == initiative.id)
        .options(selectinload(Activity.skills), selectinload(Activity.author))
        .order_by(Activity.happened_on.desc(), Activity.id.desc())
    )
    return paginated(query, arguments)


@bp.route(URL, methods=["POST"], endpoint="add_activity", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_edit)
@bp.arguments(NewActivitySchema)
@bp.response(201, ActivitySchema)
@documents_problems(bp, 401, 403, 404)
def add_activity(fields, initiative):
    """Add an activity to the timeline of a case, with the practice it serves and the skills used."""
    return operations.add_activity(initiative, acting_user(), **fields), 201
