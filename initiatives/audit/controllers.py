"""The audit log page for admins."""

from flask import render_template, request

from initiatives.audit import queries
from initiatives.audit.forms import OBJECT_TYPES, AuditFilterForm
from initiatives.audit.operations import FREE_TEXT_FIELDS, REDACTED
from initiatives.core.parsing import whole_number
from initiatives.exports.anonymise import redact
from initiatives.extensions import db

FILTER_FIELDS = ("actor", "action", "object_type", "object_id", "initiative", "outcome", "start", "end", "q")


def _before(args):
    return whole_number(args.get("before"), max_digits=18)  # audit ids are BIGINT


def shown_data(value):
    """Audit data as the log page shows it: free texts that may name a resident (older entries
    logged some, such as who decided on a help) as "[redacted]", and any e-mail address, phone
    number, postcode or street address in other texts anonymised."""
    if isinstance(value, dict):
        return {
            key: REDACTED
            if key in FREE_TEXT_FIELDS and item not in ("", None, REDACTED)
            else shown_data(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [shown_data(item) for item in value]
    return redact(value) if isinstance(value, str) else value


def index():
    form = AuditFilterForm(request.args)
    form.validate()
    # A field with an invalid value is shown with its error and left out of the search.
    values = {name: getattr(form, name).data for name in FILTER_FIELDS if not getattr(form, name).errors}
    filters = queries.AuditFilters(
        **{name: value for name, value in values.items() if value not in ("", None)}
    )
    filters.before = _before(request.args)
    page = queries.search(db.session, filters)
    return render_template(
        "admin/audit.html",
        form=form,
        page=page,
        filtered=any(value not in ("", None) for value in values.values()),
        object_types=dict(OBJECT_TYPES),
        shown_data=shown_data,
    )
