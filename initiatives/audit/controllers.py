"""The audit log page for admins."""

from flask import render_template, request

from initiatives.audit import queries
from initiatives.audit.details import detail_rows
from initiatives.audit.forms import OBJECT_TYPES, AuditFilterForm
from initiatives.core.parsing import whole_number
from initiatives.extensions import db

FILTER_FIELDS = ("actor", "action", "object_type", "object_id", "initiative", "outcome", "start", "end", "q")


def _before(args):
    return whole_number(args.get("before"), max_digits=18)  # audit ids are BIGINT


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
        detail_rows=detail_rows,
    )
