"""Helpers for URLs that come from the user."""

from urllib.parse import urlsplit

from flask import url_for


def safe_next(target):
    """Return `target` when it is a path on this site, else the home page (no open redirects)."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for("home.index")
