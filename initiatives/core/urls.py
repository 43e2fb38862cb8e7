"""Helpers for URLs that come from the user."""

from urllib.parse import urlsplit

from flask import url_for
from werkzeug.routing import IntegerConverter


def safe_next(target):
    """Return `target` when it is a path on this site, else the home page (no open redirects)."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for("home.index")


#: The largest id a row can have: PostgreSQL's integer (SQLite's ids are 64-bit).
MAX_ROW_ID = 2**31 - 1


class RowIdConverter(IntegerConverter):
    """`<int:...>` in our URLs: a number larger than any row id matches no route (404), instead of
    reaching PostgreSQL, which refuses it as out of range (a server error)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(map, *args, **kwargs)
