"""Request handlers of the admin pages, one module per kind of record."""

from flask import abort
from flask_babel import gettext as _

from initiatives.core.rules import StaleRecord, require_version
from initiatives.extensions import db


def get_or_404(model, record_id):
    record = db.session.get(model, record_id)
    if record is None:
        abort(404)
    return record


def refuse_stale_edit(form, record):
    """Return True (and explain on the form) when `record` changed since the form was built.

    The user's input stays in the form; the form takes the new version, so saving again
    after a look at the current values is a deliberate choice.
    """
    try:
        require_version(record, form.version.data, required=True)
    except StaleRecord:
        form.form_errors.append(
            _(
                "Someone else changed this record while you were editing it. Your changes have not "
                "been saved. Check the current values below the form and save again."
            )
        )
        form.version.data = record.version
        form.stale = True
        return True
    return False


def form_status(form):
    """The HTTP status of a form page shown again: 409 after a colleague's save, 422 when the
    input was refused, 200 when it is shown for the first time."""
    if getattr(form, "stale", False):
        return 409
    return 422 if form.errors or form.form_errors else 200
