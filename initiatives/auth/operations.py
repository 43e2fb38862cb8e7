"""Business rules for accounts: creating, changing, deactivating users and issuing tokens."""

import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from initiatives.audit.operations import changes, record
from initiatives.auth.models import ApiToken, User, hash_token
from initiatives.auth.roles import Role
from initiatives.core.db import utcnow
from initiatives.extensions import db

MINIMUM_PASSWORD_LENGTH = 12


class AccountError(ValueError):
    """A request about an account that the rules refuse; the message is shown to the user."""


def normalise_username(username):
    return (username or "").strip().lower()


def find_user(username):
    return db.session.scalar(sa.select(User).where(User.username == normalise_username(username)))


def username_taken(username, except_user=None):
    user = find_user(username)
    return user is not None and user is not except_user


def authenticate(username, password):
    """Return the active user with these credentials, or None; log the attempt either way."""
    user = find_user(username)
    if user is None or not user.active or not user.check_password(password):
        record(
            "auth.login_failed",
            user,
            outcome="failure",
            summary="failed log-in",
            data={"username": normalise_username(username)[:64]},
        )
        return None
    user.last_login_at = utcnow()
    record("auth.login", user, actor=user, summary="logged in")
    return user


def _snapshot(user):
    return {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "role": str(user.role) if user.role else None,
        "active": user.active,
        "neighbourhoods": sorted(user.neighbourhood_codes),
    }


def _check_neighbourhoods(role, neighbourhoods):
    if any(not neighbourhood.is_wijk for neighbourhood in neighbourhoods):
        raise AccountError(_("Assign wijken, not buurten."))
    if role != Role.NEIGHBOURHOOD_MANAGER and neighbourhoods:
        raise AccountError(_("Only neighbourhood managers are assigned neighbourhoods."))


def create_user(username, role, password, *, full_name="", email=None, neighbourhoods=()):
    """Create an active account and return it."""
    username = normalise_username(username)
    role = Role(role)
    if username_taken(username):
        raise AccountError(_("The username %(username)s is already taken.", username=username))
    _check_neighbourhoods(role, neighbourhoods)
    user = User(
        username=username,
        role=role,
        full_name=full_name or "",
        email=email or None,
        neighbourhoods=list(neighbourhoods),
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record("user.created", user, summary=f"created user {username}", data=_snapshot(user))
    return user


def update_user(user, *, full_name, email, role, active, neighbourhoods):
    """Change an account's details, role, neighbourhoods and active state."""
    before = _snapshot(user)
    role = Role(role)
    _check_neighbourhoods(role, neighbourhoods)
    user.full_name = full_name or ""
    user.email = email or None
    user.role = role
    user.neighbourhoods = list(neighbourhoods)
    if user.active and not active:
        user.session_generation += 1  # end the sessions of a deactivated account
    user.active = active
    db.session.flush()
    changed = changes(before, _snapshot(user))
    if changed:
        record("user.updated", user, summary=f"updated user {user.username}", data=changed)
    return user


def change_password(user, new_password):
    """Set a new password and end every other session of the account."""
    user.set_password(new_password)
    user.session_generation += 1
    db.session.flush()
    record("user.password_changed", user, summary=f"password changed for {user.username}")


def deactivate_user(user):
    """Deactivate an account; it stays for history and can be reactivated by an admin."""
    if not user.active:
        return user
    user.active = False
    user.session_generation += 1
    for token in user.api_tokens:
        if token.revoked_at is None:
            token.revoked_at = utcnow()
    db.session.flush()
    record("user.deactivated", user, summary=f"deactivated user {user.username}")
    return user


def issue_api_token(user, name, days):
    """Create a token for `user` valid for `days`; return (token, secret shown once)."""
    if not user.active:
        raise AccountError(_("User %(username)s is deactivated.", username=user.username))
    if days < 1:
        raise AccountError(_("A token must be valid for at least one day."))
    secret = "brc_" + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        token_hash=hash_token(secret),
        expires_at=utcnow() + timedelta(days=days),
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


def user_for_token(secret):
    """Return the active user owning a valid token `secret`, or None."""
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    if token is None or not token.is_valid():
        return None
    token.last_used_at = utcnow()
    return token.user


def load_session_user(session_user_id):
    """Return the user for a session's `id:generation`, or None when the session is outdated."""
    user_id, _separator, generation = session_user_id.partition(":")
    if not user_id.isdigit() or not generation.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_generation != int(generation):
        return None
    return user
