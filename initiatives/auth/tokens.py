"""Personal API tokens: issued, revoked, and the user a token belongs to."""

import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from initiatives.audit.operations import record
from initiatives.auth import totp
from initiatives.auth.models import ApiToken
from initiatives.auth.reentry import PURPOSE_API_TOKEN, confirm_current_password, reentry_failed
from initiatives.auth.sessions import LAST_SEEN_RESOLUTION, note_use_later
from initiatives.auth.users import AccountError, SecondFactorRefused
from initiatives.core.db import utcnow
from initiatives.core.tokens import hash_token
from initiatives.extensions import db


def issue_api_token(user, name, days):
    """Create a token for `user` valid for `days`; return (token, secret shown once)."""
    name = (name or "").strip()
    if not user.active:
        raise AccountError(_("User %(username)s is deactivated.", username=user.username))
    if not name or len(name) > 120:
        raise AccountError(_("Give the token a name of at most 120 characters."))
    if days < 1:
        raise AccountError(_("A token must be valid for at least one day."))
    secret = "brc_" + secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(
        user=user,
        name=name,
        token_hash=hash_token(secret),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(token)
    db.session.flush()
    record(
        "api_token.created",
        token,
        summary=f"API token {name!r} for {user.username}",
        data={"user": user.username, "name": name, "expires_at": token.expires_at.isoformat()},
    )
    return token, secret


def revoke_api_token(token):
    """Revoke `token` (its owner or an admin asks); revoking twice changes nothing."""
    if token.revoked_at is not None:
        return token
    token.revoked_at = utcnow()
    db.session.flush()
    record(
        "api_token.revoked",
        token,
        summary=f"API token {token.name!r} of {token.user.username} revoked",
        data={"user": token.user.username, "name": token.name},
    )
    return token


def revoke_api_tokens(user, reason):
    """Revoke every live token of `user` (one audit entry for the lot); return how many.

    Revoked, not merely refused while the account is inactive, so that a reactivation or a new
    password does not bring back a token a thief may have made.
    """
    now = utcnow()
    revoked = [token for token in user.api_tokens if token.revoked_at is None]
    for token in revoked:
        token.revoked_at = now
    if revoked:
        db.session.flush()
        record(
            "api_token.revoked_all",
            user,
            summary=f"{len(revoked)} API token(s) of {user.username} revoked: {reason}",
            data={"reason": reason, "tokens": sorted(token.name for token in revoked)},
        )
    return len(revoked)


def confirm_identity(user, password, code=None, *, purpose=PURPOSE_API_TOKEN):
    """Raise AccountError unless `password` is the user's and, when they have a second factor,
    `code` is a current code from their app (used up, like a log-in code). Both count in the
    log-in throttle when wrong (see `confirm_current_password`)."""
    confirm_current_password(user, password, purpose=purpose)
    if user.has_totp:
        step = totp.matching_step(user.totp_secret, (code or "").strip())
        if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
            reentry_failed(user, purpose, step="second_factor")
            raise SecondFactorRefused(_("Enter the current code from your authenticator app."))
        user.totp_last_step = step


def user_for_token(secret):
    """Return the active user owning a valid token `secret`, or None."""
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    if token is None or not token.is_valid():
        return None
    # Written at most once a minute, as last_seen_at: a write on every API call made each call a
    # write transaction, and on SQLite every API read then waited for the one write lock.
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_SEEN_RESOLUTION:
        note_use_later(ApiToken, token, "last_used_at", now)
    return token.user
