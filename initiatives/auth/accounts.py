"""Creating, changing and deactivating accounts (an admin's work, or one's own password)."""

from flask_babel import gettext as _

from initiatives.audit.operations import changes, record
from initiatives.auth.models import User
from initiatives.auth.sessions import end_sessions
from initiatives.auth.tokens import revoke_api_tokens
from initiatives.auth.users import AccountError, check_password_rules, normalise_username, username_taken
from initiatives.core.roles import Role
from initiatives.extensions import db


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


def create_user(
    username, role, password, *, full_name="", email=None, neighbourhoods=(), published_demo_password=False
):
    """Create an active account and return it; `password` None makes one without a password.
    `published_demo_password`: the demo's accounts, whose password the README publishes on purpose
    and the rules for people's own passwords therefore refuse."""
    username = normalise_username(username)
    role = Role(role)
    if username_taken(username):
        raise AccountError(_("The username %(username)s is already taken.", username=username))
    _check_neighbourhoods(role, neighbourhoods)
    if password is not None and not published_demo_password:
        check_password_rules(password, username, full_name, email)
    user = User(
        username=username,
        role=role,
        full_name=full_name or "",
        email=email or None,
        neighbourhoods=list(neighbourhoods),
    )
    if password is not None:
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
        end_sessions(user, "deactivated")
        revoke_api_tokens(user, "deactivated")
    user.active = active
    db.session.flush()
    changed = changes(before, _snapshot(user))
    if changed:
        record("user.updated", user, summary=f"updated user {user.username}", data=changed)
    return user


def change_password(user, new_password, *, keep_session=None):
    """Set a new password and end every session of the account but `keep_session`."""
    check_password_rules(new_password, user.username, user.full_name, user.email)
    user.set_password(new_password)
    ended = end_sessions(user, "password_changed", keep=keep_session)
    revoke_api_tokens(user, "password_changed")
    db.session.flush()
    record(
        "user.password_changed",
        user,
        summary=f"password changed for {user.username}",
        data={"sessions_ended": ended},
    )


def deactivate_user(user):
    """Deactivate an account; it stays for history and can be reactivated by an admin."""
    if not user.active:
        return user
    user.active = False
    end_sessions(user, "deactivated")
    revoke_api_tokens(user, "deactivated")
    db.session.flush()
    record("user.deactivated", user, summary=f"deactivated user {user.username}")
    return user
