"""Refuse text the database cannot store: the NUL character and lone surrogates.

PostgreSQL's text columns cannot hold U+0000 (SQLite's can), and no database driver can encode
a lone surrogate (U+D800 to U+DFFF, which JSON can spell as "\\ud800" but UTF-8 cannot hold):
both failed only when the row was written, as a server error. No browser sends them from a
field a person typed in (form data that is not UTF-8 is decoded with U+FFFD already): the
request is refused whole, before any handler runs, so nothing is half-saved. Uploaded files are
not text and keep their bytes.
"""

import re

from flask import request
from flask_babel import gettext as _

from initiatives.core.errors import render_error

#: What no text column can store.
_NOT_STORABLE = re.compile("[\x00\ud800-\udfff]")


def _has_unstorable(value):
    """Whether any text in `value` (texts, lists and dicts, as JSON has them) cannot be stored;
    walked without recursion, however deep the JSON is nested."""
    pending = [value]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if _NOT_STORABLE.search(value):
                return True
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


def reject_unstorable_text():
    sent = [request.args.to_dict(flat=False)]
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        sent.append(request.form.to_dict(flat=False))
        if request.is_json:
            try:
                sent.append(request.get_json(silent=True))
            except RecursionError:  # nested deeper than the parser goes; `silent` does not catch it
                return render_error(400, _("The JSON you sent is nested too deeply to be read."))
    if any(_has_unstorable(values) for values in sent):
        return render_error(
            400,
            _(
                "The text you sent contains a character that cannot be stored (NUL or a lone "
                "surrogate). Remove it and try again."
            ),
        )
    return None
