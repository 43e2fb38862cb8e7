"""RFC 9457 problem details for the API: raising them, documenting them, and mapping the
business rules' errors (core/rules.py) onto them.

The app's error handlers (initiatives/core/errors.py) write every problem as
`application/problem+json`; this module only says which status, detail and field errors apply.
"""

from contextlib import contextmanager
from http import HTTPStatus

from webargs.flaskparser import abort

from initiatives.core.errors import render_error
from initiatives.core.rules import RuleConflict, RuleError, RuleForbidden, StaleRecord


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


def handle_rule_error(error):
    """A business rule refused: 403 for what this user may not do, 409 for what the record's state
    does not allow now (a move the workflow does not have), else 422 with the field the refusal
    concerns."""
    if isinstance(error, RuleForbidden):
        return render_error(403, str(error), errors={error.field or "_schema": [str(error)]})
    if isinstance(error, RuleConflict):
        return render_error(409, str(error), title=error.title)
    return invalid_field_response(error.field, str(error))


def handle_stale_record(error):
    """The record changed since the client loaded it: 412."""
    return render_error(412)


@contextmanager
def fields_named(**api_names):
    """Name the inputs a rule refuses by the API's names for them (`barriers="barrier_ids"`)."""
    try:
        yield
    except RuleError as error:
        error.field = api_names.get(error.field, error.field)
        raise


def register_problem_handlers(blueprint):
    blueprint.register_error_handler(RuleError, handle_rule_error)
    blueprint.register_error_handler(StaleRecord, handle_stale_record)
