"""The helps asked for or given on a case: list, request, change, decide and apply them."""

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems, fields_named, raise_problem
from initiatives.api.schemas import PageArguments
from initiatives.api.util import (
    RECORD_ETAG_HEADER,
    acting_user,
    etag_of,
    if_match_parameter,
    paginated,
    version_from_if_match,
)
from initiatives.barriers import help_operations
from initiatives.barriers.api.schemas import (
    HelpChangesSchema,
    HelpPageSchema,
    HelpSchema,
    NewHelpSchema,
)
from initiatives.barriers.lifecycle import HelpStatus
from initiatives.barriers.models import Help
from initiatives.cases.api.access import CASE_READERS, case_record_from_url, initiative_from_url
from initiatives.cases.models import Initiative
from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role

TAGS = ["Helps"]
#: The fields that belong to a status move, by the statuses they go with.
DECISION_FIELDS = ("decided_on", "decided_by")
APPLICATION_FIELDS = ("applied_on", "effects")


@bp.route("/initiatives/<int:initiative_id>/helps", methods=["GET"], endpoint="list_helps", tags=TAGS)
@roles_allowed(*CASE_READERS)
@initiative_from_url(Initiative.can_view)
@bp.arguments(PageArguments, location="query")
@bp.response(200, HelpPageSchema)
@documents_problems(bp, 401, 403, 404)
def list_helps(arguments, initiative):
    """List the helps of a case, latest requested first."""
    query = (
        sa.select(Help)
        .where(Help.initiative_id == initiative.id)
        .options(
            selectinload(Help.category),
            selectinload(Help.department),
            selectinload(Help.requested_by),
            selectinload(Help.effects),
        )
        .order_by(Help.requested_on.desc(), Help.id.desc())
    )
    return paginated(query, arguments)


@bp.route("/initiatives/<int:initiative_id>/helps", methods=["POST"], endpoint="request_help", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_edit)
@bp.arguments(NewHelpSchema)
@bp.response(201, HelpSchema, headers=RECORD_ETAG_HEADER)
@documents_problems(bp, 401, 403, 404)
def request_help(fields, initiative):
    """Record that a help was asked for, addressing some of the case's barriers (`barrier_ids`)."""
    fields["barriers"] = fields.pop("barrier_ids")
    with fields_named(barriers="barrier_ids"):
        item = help_operations.request_help(initiative, acting_user(), **fields)
    return item, 201, {"ETag": etag_of(item)}


def _move_fields_out_of_place(target, changes):
    """422 for the fields of a status move that this request does not make."""
    errors = {}
    if target not in {HelpStatus.GRANTED, HelpStatus.REFUSED}:
        message = _("Send this only with status granted or refused.")
        errors.update({name: [message] for name in DECISION_FIELDS if name in changes})
    if target != HelpStatus.APPLIED:
        message = _("Send this only with status applied.")
        errors.update({name: [message] for name in APPLICATION_FIELDS if name in changes})
    if errors:
        raise_problem(422, next(iter(errors.values()))[0], errors=errors)


def _move(item, version, target, changes):
    """Move the help to `target`, on the date given for the move (by default today)."""
    day_field = "applied_on" if target == HelpStatus.APPLIED else "decided_on"
    with fields_named(on=day_field, barriers="barrier_ids"):
        help_operations.move_help(
            item,
            acting_user(),
            version,
            target,
            on=changes.get(day_field),
            decided_by=changes.get("decided_by", ""),
            effects=changes.get("effects"),
        )


@bp.route("/helps/<int:help_id>", methods=["PATCH"], endpoint="update_help", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@case_record_from_url(Help, "help", Initiative.can_edit)
@bp.arguments(HelpChangesSchema)
@bp.response(200, HelpSchema, headers=RECORD_ETAG_HEADER)
@bp.doc(parameters=[if_match_parameter(required=True, of="the help")])
@documents_problems(bp, 401, 403, 404, 409, 412, 428)
def update_help(changes, item):
    """Change fields of a help and/or move its status, once per request. If-Match is required.

    `status` moves it: requested -> granted | refused (with `decided_by` and optionally
    `decided_on`), granted -> applied (optionally with `applied_on` and `effects`, barrier id ->
    resolved | partly | none; a resolved barrier is resolved on the day of applying). A move the
    lifecycle does not have answers 409.
    """
    version = version_from_if_match(item)
    target = changes.pop("status", None)
    _move_fields_out_of_place(target, changes)
    fields = {
        name: value for name, value in changes.items() if name not in DECISION_FIELDS + APPLICATION_FIELDS
    }
    if fields:
        if "barrier_ids" in fields:
            fields["barriers"] = fields.pop("barrier_ids")
        with fields_named(barriers="barrier_ids"):
            help_operations.update_help(item, acting_user(), version, **fields)
        version = None  # checked: the move below belongs to the same change
    if target is not None:
        _move(item, version, target, changes)
    return item, 200, {"ETag": etag_of(item)}
