"""An uploaded e-mail kept for a moment, while its uploader decides: the intake form showed the
open cases that look alike, and the next submit (a new case, or added to one of them) must not ask
for the file again. Kept beside the case files (ATTACHMENT_DIR, outside `static/`), under a random
name with the uploader's id in it, for PENDING_MINUTES at most; used once."""

import re
import secrets
import time
from pathlib import Path

from flask import current_app

PENDING_MINUTES = 60
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def _folder():
    folder = Path(current_app.config["ATTACHMENT_DIR"]) / "pending-mail"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(user_id, token):
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    return _folder() / f"{int(user_id)}-{token}"


def _forget_old(folder):
    oldest = time.time() - PENDING_MINUTES * 60
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < oldest:
                path.unlink()
        except FileNotFoundError:  # another request removed it first
            continue


def keep(user_id, data):
    """Keep the bytes of an uploaded e-mail for `user_id`; return the token that finds them."""
    folder = _folder()
    _forget_old(folder)
    token = secrets.token_urlsafe(24)
    _path(user_id, token).write_bytes(data)
    return token


def take(user_id, token):
    """The bytes kept under `token` for `user_id`, or None when gone (used, too old, or another's)."""
    path = _path(user_id, token)
    if path is None:
        return None
    try:
        if path.stat().st_mtime < time.time() - PENDING_MINUTES * 60:
            path.unlink()
            return None
        return path.read_bytes()
    except FileNotFoundError:
        return None


def discard(user_id, token):
    path = _path(user_id, token)
    if path is not None:
        path.unlink(missing_ok=True)
