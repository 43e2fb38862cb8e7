"""The timeline of a case: calls, e-mails, meetings and visits, each serving a practice; an entry
corrected or voided by its author or the case's owner."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems, raise_problem
from initiatives.api.schemas import PageArguments
from initiatives.api.util import acting_user, paginated
from initiatives.cases import activities
from initiatives.cases.api.access import CASE_READERS, initiative_from_url
from initiatives.cases.api.schemas import (
    ActivityCorrectionSchema,
    ActivityPageSchema,
    ActivitySchema,
    ActivityVisibilitySchema,
    NewActivitySchema,
    ReasonSchema,
)
from initiatives.cases.models import Activity, Initiative
from initiatives.core.access import require, roles_allowed
from initiatives.core.roles import Role
from initiatives.extensions import db

TAGS = ["Timeline"]
URL = "/initiatives/<int:initiative_id>/activities"


@bp.route(URL, methods=["GET"], endpoint="list_activities", tags=TAGS)
@roles_allowed(*CASE_READERS)
@initiative_from_url(Initiative.can_view)
@bp.arguments(PageArguments, location="query")
@bp.response(200, ActivityPageSchema)
@documents_problems(bp, 401, 403, 404)
def list_activities(arguments, initiative):
    """List the activities of a case, latest first. Voided ones only for the case's team."""
    query = (
        sa.select(Activity)
        .where(Activity.initiative_id == initiative.id)
        .options(
            selectinload(Activity.skills),
            selectinload(Activity.author),
            selectinload(Activity.voided_by),
            selectinload(Activity.corrections),
        )
        .order_by(Activity.happened_on.desc(), Activity.id.desc())
    )
    if not initiative.can_edit(acting_user()):
        query = query.where(Activity.voided_at.is_(None))
    return paginated(query, arguments)


@bp.route(URL, methods=["POST"], endpoint="add_activity", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_edit)
@bp.arguments(NewActivitySchema)
@bp.response(201, ActivitySchema)
@documents_problems(bp, 401, 403, 404)
def add_activity(fields, initiative):
    """Add an activity to the timeline of a case, with the practice it serves and the skills used."""
    return activities.add_activity(initiative, acting_user(), **fields), 201


def _amendable_activity(initiative, activity_id):
    """The activity `activity_id` of `initiative` (404 when it is another case's); 403 unless the
    user may correct or void it (`Activity.can_amend`: its author or the case's owner)."""
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.initiative_id != initiative.id:
        raise_problem(404)
    require(activity.can_amend(acting_user()))
    return activity


@bp.route(f"{URL}/<int:activity_id>/void", methods=["POST"], endpoint="void_activity", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_edit)
@bp.arguments(ReasonSchema)
@bp.response(200, ActivitySchema)
@documents_problems(bp, 401, 403, 404, 409, 422)
def void_activity(arguments, initiative, activity_id):
    """Void an entry made by mistake, with a `reason`: its author or the case's owner.

    It stays in the case's history (struck through for the team) and counts nowhere any more. An
    entry voided already answers 409.
    """
    activity = _amendable_activity(initiative, activity_id)
    return activities.void_activity(activity, acting_user(), reason=arguments["reason"])


@bp.route(f"{URL}/<int:activity_id>/correct", methods=["POST"], endpoint="correct_activity", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_edit)
@bp.arguments(ActivityCorrectionSchema)
@bp.response(200, ActivitySchema)
@documents_problems(bp, 401, 403, 404, 409, 422)
def correct_activity(arguments, initiative, activity_id):
    """Correct the note of an entry, with a `reason`: its author or the case's owner.

    The note as it was stays in the history (`corrections`, for the team). A voided entry answers
    409.
    """
    activity = _amendable_activity(initiative, activity_id)
    activities.correct_activity(activity, acting_user(), note=arguments["note"], reason=arguments["reason"])
    return activity


@bp.route(
    f"{URL}/<int:activity_id>/visibility", methods=["POST"], endpoint="show_activity_to_initiators", tags=TAGS
)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_edit)
@bp.arguments(ActivityVisibilitySchema)
@bp.response(200, ActivitySchema)
@documents_problems(bp, 401, 403, 404, 409, 422)
def show_activity_to_initiators(arguments, initiative, activity_id):
    """Show an entry on the initiators' status page (its date and kind, never the note), or hide
    it again: its author or the case's owner. A voided entry answers 409."""
    activity = _amendable_activity(initiative, activity_id)
    activities.show_to_initiators(activity, acting_user(), visible=arguments["visible_to_initiators"])
    return activity
