"""Refuse text the database cannot store: the NUL character.

PostgreSQL's text columns cannot hold U+0000 (SQLite's can), so a NUL in a form field, a query
parameter or a JSON string failed only at the commit, as a server error. No browser sends one
from a field a person typed in: the request is refused whole, before any handler runs, so
nothing is half-saved. Uploaded files are not text and keep their bytes.
"""

from flask import request
from flask_babel import gettext as _

from initiatives.core.errors import render_error


def _has_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def reject_nul_characters():
    sent = [request.args.to_dict(flat=False)]
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        sent.append(request.form.to_dict(flat=False))
        if request.is_json:
            sent.append(request.get_json(silent=True))
    if any(_has_nul(values) for values in sent):
        return render_error(
            400,
            _("The text you sent contains a character that cannot be stored (NUL). Remove it and try again."),
        )
