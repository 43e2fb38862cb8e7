"""RFC 9457 problem details for the API: raising them, documenting them, and mapping the
business rules' exceptions onto them.

The app's error handlers (initiatives/core/errors.py) write every problem as
`application/problem+json`; this module only says which status, detail and field errors apply.
"""

from http import HTTPStatus

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from webargs.flaskparser import abort

from initiatives.barriers.operations import BarrierError, StaleRecord
from initiatives.cases.operations import CaseError, StaleCase, StateConflict
from initiatives.cases.stages import MoveError
from initiatives.core.errors import render_error

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ProblemSchema(ma.Schema):
    """An RFC 9457 problem; documents the error responses (the error handlers write them)."""

    type = ma.fields.String(metadata={"description": "Always about:blank: the status says it all."})
    title = ma.fields.String(metadata={"description": "Short summary, in the client's language."})
    status = ma.fields.Integer(metadata={"description": "The HTTP status code."})
    detail = ma.fields.String(metadata={"description": "What went wrong, in the client's language."})
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Raw(),
        metadata={"description": "Messages per field, for invalid values (422)."},
    )


def raise_problem(status, detail=None, *, title=None, errors=None, headers=None):
    """Stop the request with a problem: `status`, a translated `detail` and field `errors`."""
    data = {"detail": detail, "title": title, "errors": errors, "headers": headers}
    abort(status, **{key: value for key, value in data.items() if value is not None})


def documents_problems(blueprint, *statuses):
    """Document that a view may answer the problems with these `statuses`."""

    def decorator(view):
        for status in statuses:
            view = blueprint.alt_response(status, response=HTTPStatus(status).name)(view)
        return view

    return decorator


def invalid_field_response(field, message):
    return render_error(422, message, errors={field or "_schema": [str(message)]})


def handle_case_error(error):
    """A business rule refused a value: 422 with the field it concerns."""
    return invalid_field_response(error.field, str(error))


def handle_state_conflict(error):
    """A change the case's state does not allow now (withdrawing a withdrawn case): 409."""
    return render_error(409, str(error))


def handle_stale_case(error):
    """The case changed since the client loaded it: 412."""
    return render_error(412)


def handle_move_error(error):
    """A move the workflow does not have is a conflict (409); one missing a value is invalid (422)."""
    if error.field == "to":
        return render_error(409, str(error), title=_l("This move is not possible"))
    return invalid_field_response(error.field, str(error))


#: The API's names of the fields the barrier and help rules name otherwise.
BARRIER_RULE_FIELDS = {"barriers": "barrier_ids"}


def handle_barrier_error(error):
    """A help move the lifecycle does not have is a conflict (409); other refusals are invalid (422)."""
    if error.field == "status":
        return render_error(409, str(error), title=_l("This status change is not possible"))
    return invalid_field_response(BARRIER_RULE_FIELDS.get(error.field, error.field), str(error))


def handle_stale_record(error):
    """The barrier or help changed since the client loaded it: 412."""
    return render_error(412)


def register_problem_handlers(blueprint):
    blueprint.register_error_handler(CaseError, handle_case_error)
    blueprint.register_error_handler(StateConflict, handle_state_conflict)
    blueprint.register_error_handler(StaleCase, handle_stale_case)
    blueprint.register_error_handler(MoveError, handle_move_error)
    blueprint.register_error_handler(BarrierError, handle_barrier_error)
    blueprint.register_error_handler(StaleRecord, handle_stale_record)
