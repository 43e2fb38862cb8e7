"""Merging in the JSON API: ask to merge a case (A) into another (B), confirm or decline a
request as the other owner, undo a merge; the same operations as the case page."""

from flask_babel import gettext as _

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems, raise_problem
from initiatives.api.util import acting_user, if_match_parameter, version_from_if_match
from initiatives.cases.api.access import initiative_from_url
from initiatives.cases.api.schemas import ReasonSchema
from initiatives.cases.models import Initiative
from initiatives.core.access import require, roles_allowed
from initiatives.core.roles import Role
from initiatives.extensions import db
from initiatives.merging import operations
from initiatives.merging.schemas import MergeRequestSchema, MergeSchema

TAGS = ["Merging"]
URL = "/initiatives/<int:initiative_id>/merge"


@bp.route(URL, methods=["POST"], endpoint="merge_initiative", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_edit)
@bp.arguments(MergeRequestSchema)
@bp.response(200, MergeSchema, description="Merged: the requester owns both cases.")
@bp.alt_response(202, schema=MergeSchema, description="Asked for: the other case's owner confirms.")
@bp.doc(parameters=[if_match_parameter(required=False)])
@documents_problems(bp, 401, 403, 404, 409, 412, 422)
def merge_initiative(arguments, initiative):
    """Merge this case (A, a duplicate) into case `into` (B), with a `reason`; by the owner of one
    of them. B gets A's timeline (marked as coming from A), barriers, helps, files, stakeholders,
    contact persons (one per person), team and themes; A stays readable (`merged_into`) and
    counts nowhere. Done at once (200) when the requester owns both; else a request (202) that
    the other owner confirms. A case merged already, withdrawn, or waiting for another merge
    answers 409."""
    other = db.session.get(Initiative, arguments["into"])
    if other is None or not other.can_view(acting_user()):
        raise_problem(
            422,
            _("There is no case with this number."),
            errors={"into": [_("There is no case with this number.")]},
        )
    merge = operations.request_merge(
        initiative,
        other,
        acting_user(),
        reason=arguments["reason"],
        expected_version=version_from_if_match(initiative, required=False),
    )
    return merge, 200 if merge.confirmed_at is not None else 202


def _pending(initiative):
    """The merge of `initiative` waiting for the acting user's answer. Someone who does not own the
    case learns nothing of its merges (403), whether or not one waits."""
    merge = operations.pending_merge_of(initiative)
    if merge is None:
        require(operations.owns(acting_user(), initiative))
        raise_problem(409, _("No merge of this case waits for confirmation."))
    require(operations.may_answer(acting_user(), merge))
    return merge


@bp.route(f"{URL}/confirm", methods=["POST"], endpoint="confirm_merge", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_view)
@bp.response(200, MergeSchema)
@documents_problems(bp, 401, 403, 404, 409)
def confirm_merge(initiative):
    """Confirm the request to merge that names this case, as the owner of the other case: the
    merge is done."""
    merge = _pending(initiative)
    return operations.confirm_merge(merge, acting_user())


@bp.route(f"{URL}/decline", methods=["POST"], endpoint="decline_merge", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_view)
@bp.arguments(ReasonSchema)
@bp.response(200, MergeSchema)
@documents_problems(bp, 401, 403, 404, 409, 422)
def decline_merge(arguments, initiative):
    """Decline the request to merge that names this case, with a `reason`: nothing moves."""
    merge = _pending(initiative)
    return operations.decline_merge(merge, acting_user(), reason=arguments["reason"])


@bp.route(f"{URL}/undo", methods=["POST"], endpoint="undo_merge", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_view)
@bp.arguments(ReasonSchema)
@bp.response(200, MergeSchema)
@documents_problems(bp, 401, 403, 404, 409, 422)
def undo_merge(arguments, initiative):
    """Undo the merge of this (merged) case, with a `reason`, by the owner of either case: all
    that moved goes back and it counts again. Refused (409) once either case, or anything that
    moved, changed since the merge."""
    merge = operations.current_merge_of(initiative)
    if merge is None:
        require(operations.owns(acting_user(), initiative))
        raise_problem(409, _("This case has not been merged into another case."))
    require(operations.may_undo(acting_user(), merge))
    return operations.undo_merge(merge, acting_user(), reason=arguments["reason"])
