"""Business rules for accounts: creating, changing, deactivating users; sessions; the second
factor; API tokens.

Every log-in, whatever its method (password, second factor, single sign-on), ends in
`start_session(user, method)`: it renews the session, records it server-side and audits it.
"""

import secrets
from datetime import timedelta
from functools import cache

import sqlalchemy as sa
from flask import current_app, flash, g, has_request_context, session
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value
from werkzeug.security import check_password_hash, generate_password_hash

from initiatives.audit.models import AuditEntry, Outcome
from initiatives.audit.operations import changes, record
from initiatives.auth import throttle, totp
from initiatives.auth.models import ApiToken, RecoveryCode, User, UserSession
from initiatives.auth.passwords import MINIMUM_PASSWORD_LENGTH, password_problems
from initiatives.core.db import utcnow
from initiatives.core.parsing import whole_number
from initiatives.core.request_origin import client_address
from initiatives.core.roles import Role
from initiatives.core.rules import RuleError
from initiatives.core.tokens import hash_token
from initiatives.core.unit_of_work import write_after_request
from initiatives.extensions import db

__all__ = ["MINIMUM_PASSWORD_LENGTH"]

#: Keys in the (signed cookie) Flask session.
SESSION_TOKEN_KEY = "session_token"  # noqa: S105 - a key name, not a secret
PENDING_LOGIN_KEY = "pending_login"
#: Keys of the Flask session that survive a log-in or log-out.
KEPT_SESSION_KEYS = ("language",)
#: last_seen_at is written at most this often, so that most requests do not write; and then after
#: the request's work, in a short transaction of its own when the request only reads.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)
#: How a log-in ends in `start_session`; single sign-on passes its own method name.
METHOD_PASSWORD = "password"  # noqa: S105 - a method name, not a secret
METHOD_TOTP = "totp"
METHOD_RECOVERY_CODE = "recovery_code"


class AccountError(RuleError):
    """A request about an account that the rules refuse; the message is shown to the user."""


# --- accounts ---------------------------------------------------------------------------------


def normalise_username(username):
    return (username or "").strip().lower()


def find_user(username):
    return db.session.scalar(sa.select(User).where(User.username == normalise_username(username)))


def username_taken(username, except_user=None):
    user = find_user(username)
    return user is not None and user is not except_user


def check_password_rules(password, *account_words):
    """Raise AccountError when `password` may not be used as a new password of the account with
    `account_words` (username, name, e-mail address)."""
    problems = password_problems(password, account_words=account_words)
    if problems:
        raise AccountError(problems[0])


@cache
def _dummy_hash(method):
    """A hash of a random password with `method`, made once per process: checked for an
    unknown or deactivated username, so that such a log-in costs as much as a wrong password."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def _password_matches(user, password):
    """Check `password` for an active `user` with a password; otherwise check it against the
    dummy hash, so the answer takes as long whether or not the username exists."""
    if user is None or not user.active or not user.password_hash:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password or "")
        return False
    return user.check_password(password)


def authenticate(username, password):
    """Return the active user with these credentials, or None (the failure is audited).

    Success is audited by `start_session`, once the second factor, if any, has been passed too.
    """
    user = find_user(username)
    if not _password_matches(user, password):
        record(
            "auth.login_failed",
            user,
            outcome=Outcome.FAILURE,
            summary="failed log-in",
            data={"username": normalise_username(username)[:64], "step": "password"},
        )
        return None
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


# --- sessions ---------------------------------------------------------------------------------


def _fresh_flask_session():
    """Empty the cookie session but for the language: a new session, so no fixation."""
    kept = {key: session[key] for key in KEPT_SESSION_KEYS if key in session}
    session.clear()
    session.update(kept)


def start_session(user, method):
    """Sign `user` in after every check has passed; the one way into a session.

    Renews the session (nothing from before the log-in survives but the language), records a
    server-side session whose random id only the cookie holds, and audits the log-in. `method`
    says how the user proved who they are ("password", "totp", "recovery_code", or the single
    sign-on's name). Call it inside a request; the request's unit of work commits.
    """
    if not user.active:
        raise AccountError(_("User %(username)s is deactivated.", username=user.username))
    previous_login_at = user.last_login_at
    secret = secrets.token_urlsafe(32)
    now = utcnow()
    user_session = UserSession(
        user=user,
        token_hash=hash_token(secret),
        method=method[:32],
        address=client_address()[:64],
        created_at=now,
        last_seen_at=now,
    )
    db.session.add(user_session)
    # Bookkeeping, not an edit of the account: a plain UPDATE without the version check and bump,
    # so two log-ins of one person at once both succeed (the versioned row answered one with 409)
    # and an admin's open form for this account does not turn stale.
    db.session.execute(sa.update(User).where(User.id == user.id).values(last_login_at=now))
    db.session.flush()
    _fresh_flask_session()
    session[SESSION_TOKEN_KEY] = secret
    login_user(user)
    g.user_session = user_session
    record("auth.login", user, actor=user, summary="logged in", data={"method": method})
    throttle.succeeded(user.username)
    _report_failed_attempts(user, since=previous_login_at)
    return user_session


#: The audit actions of a wrong password typed for an account: at log-in (also when linking single
#: sign-on) and when asked again while signed in. A wrong code is no wrong password: left out.
FAILED_PASSWORD_ACTIONS = ("auth.login_failed", "auth.reentry_failed")
FAILURES_REPORTED_ACTION = "auth.failures_reported"


def failed_password_attempts(user, since=None):
    """How many wrong passwords were typed for `user` since `since` (all, without it)."""
    step = AuditEntry.data["step"].as_string()
    query = sa.select(sa.func.count()).where(
        AuditEntry.object_type == User.__tablename__,
        AuditEntry.object_id == user.id,
        AuditEntry.action.in_(FAILED_PASSWORD_ACTIONS),
        sa.or_(step.is_(None), step != "second_factor"),
    )
    if since is not None:
        query = query.where(AuditEntry.created_at > since)
    return db.session.scalar(query)


def _report_failed_attempts(user, *, since):
    """Tell the owner, as they sign in, about the wrong passwords typed for their account since
    their previous log-in, from LOGIN_FAILURES_NOTICE on; once (the audit log records it)."""
    count = failed_password_attempts(user, since)
    if count < current_app.config["LOGIN_FAILURES_NOTICE"]:
        return
    record(
        FAILURES_REPORTED_ACTION,
        user,
        actor=user,
        summary=f"told {user.username} of {count} failed log-ins since the previous one",
        data={"count": count, "since": since.isoformat() if since is not None else None},
    )
    flash(failed_attempts_message(count), "info")


def failed_attempts_message(count):
    return ngettext(
        "Someone tried once to sign in to your account with a wrong password since your "
        "previous sign-in. Was that not you? Then change your password.",
        "Someone tried %(num)d times to sign in to your account with a wrong password since your "
        "previous sign-in. Was that not you? Then change your password.",
        count,
    )


def failed_attempts_reported(user, user_session):
    """The number of wrong passwords the owner was told of when this session began; or None."""
    if user_session is None:
        return None
    entry = db.session.scalar(
        sa.select(AuditEntry)
        .where(
            AuditEntry.object_type == User.__tablename__,
            AuditEntry.object_id == user.id,
            AuditEntry.action == FAILURES_REPORTED_ACTION,
            AuditEntry.created_at >= user_session.created_at,
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    return entry.data.get("count") if entry is not None else None


def _end(user_session, reason, now=None):
    user_session.ended_at = now or utcnow()
    user_session.end_reason = reason


def end_sessions(user, reason, *, keep=None):
    """End every open session of `user` except `keep`; return how many ended."""
    open_sessions = db.session.scalars(
        sa.select(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    ).all()
    now = utcnow()
    ended = 0
    for user_session in open_sessions:
        if keep is not None and user_session.id == keep.id:
            continue
        _end(user_session, reason, now)
        ended += 1
    return ended


def current_session():
    """The server-side record of this request's session, or None."""
    if not has_request_context():
        return None
    current_user._get_current_object()  # loads the user, and with it g.user_session
    return g.get("user_session")


def _expiry_reason(user_session, now):
    config = current_app.config
    if now - user_session.created_at >= timedelta(hours=config["SESSION_HOURS"]):
        return "lifetime"
    if now - user_session.last_seen_at >= timedelta(minutes=config["SESSION_IDLE_MINUTES"]):
        return "idle"
    return None


def _end_session_later(user_session, reason, now, *, audited=False):
    """End `user_session` once the request's work is done (`write_after_request`): the user loader
    runs in reading requests too, which write nothing themselves."""
    user = user_session.user

    def end():
        _end(user_session, reason, now)
        if audited:
            record(
                "auth.session_expired",
                user,
                actor=user,
                summary="session expired",
                data={"reason": reason, "method": user_session.method},
            )

    write_after_request(end)


def _note_use_later(model, row, column, now):
    """Set `column` of `row` to `now` after the request's work, as a plain UPDATE (no version
    check or bump: bookkeeping is no edit); the loaded row shows it at once. Best effort: a use
    not noted now is noted at the next request."""
    set_committed_value(row, column, now)
    row_id = row.id
    write_after_request(
        lambda: db.session.execute(sa.update(model).where(model.id == row_id).values({column: now})),
        required=False,
    )


def load_session_user(user_id):
    """Flask-Login's user loader: the user of a live server-side session, or None.

    The session ends when it has been idle too long or has lasted too long; the user is then
    told so on the log-in page.
    """
    secret = session.get(SESSION_TOKEN_KEY)
    if not secret or whole_number(str(user_id), max_digits=18) is None:
        return None
    # The user comes along in the same statement: this runs on every signed-in request.
    user_session = db.session.scalar(
        sa.select(UserSession)
        .options(joinedload(UserSession.user))
        .where(UserSession.token_hash == hash_token(secret))
    )
    if user_session is None or user_session.ended_at is not None or user_session.user_id != int(user_id):
        return None
    user = user_session.user
    now = utcnow()
    if not user.active:
        _end_session_later(user_session, "deactivated", now)
        return None
    reason = _expiry_reason(user_session, now)
    if reason:
        _end_session_later(user_session, reason, now, audited=True)
        _fresh_flask_session()
        flash(_("Your session has expired, so you have been signed out. Please sign in again."), "info")
        return None
    if now - user_session.last_seen_at >= LAST_SEEN_RESOLUTION:
        _note_use_later(UserSession, user_session, "last_seen_at", now)
    g.user_session = user_session
    return user


def log_out():
    """End this request's session server-side, audit it and empty the cookie session."""
    user_session = current_session()
    if user_session is not None:
        _end(user_session, "logout")
        record("auth.logout", current_user._get_current_object(), summary="logged out")
    logout_user()
    _fresh_flask_session()


# --- the password asked again while signed in ---------------------------------------------------

#: What the password was asked again for (the audit data's `purpose`).
PURPOSE_PASSWORD_CHANGE = "password_change"  # noqa: S105 - a purpose, not a secret
PURPOSE_API_TOKEN = "api_token"  # noqa: S105 - a purpose, not a secret
PURPOSE_TWO_FACTOR_REMOVAL = "two_factor_removal"


class SignedOutAfterFailures(Exception):
    """Too many wrong passwords asked again while signed in: the session has ended."""

    def __str__(self):
        return _(
            "You typed a wrong password too often, so you have been signed out. Sign in again "
            "when the wait has passed."
        )


def confirm_current_password(user, password, *, purpose):
    """Check the signed-in `user`'s password, asked again for `purpose` (a PURPOSE_ value).

    A wrong one is audited and counts in the log-in throttle like a failed log-in, for this
    username and address. Once that pair must wait, the session ends: SignedOutAfterFailures
    (also when it already waits, without checking the password). Raise AccountError for a wrong
    password before that. The per-account ceiling, which strangers fill, ends no session.
    """
    if throttle.pair_wait(user.username):
        _sign_out_after_failures(user, purpose)
    if user.check_password(password or ""):
        return
    _reentry_failed(user, purpose)
    raise AccountError(_("This is not your current password."))


def _reentry_failed(user, purpose, step="password"):
    record(
        "auth.reentry_failed",
        user,
        outcome=Outcome.FAILURE,
        summary=f"wrong {step} for {purpose}",
        data={"username": user.username, "purpose": purpose, "step": step},
    )
    throttle.failed(user.username)
    if throttle.pair_wait(user.username):
        _sign_out_after_failures(user, purpose)


def _sign_out_after_failures(user, purpose):
    user_session = current_session()
    if user_session is not None:
        _end(user_session, "too_many_failures")
    record(
        "auth.signed_out_after_failures",
        user,
        outcome=Outcome.FAILURE,
        summary=f"signed out after wrong passwords ({purpose})",
        data={"purpose": purpose},
    )
    logout_user()
    _fresh_flask_session()
    raise SignedOutAfterFailures()


# --- the second step of a log-in ----------------------------------------------------------------


def begin_second_factor(user, next_url):
    """Remember, for a few minutes, that `user` passed the password step and where to go next."""
    _fresh_flask_session()
    session[PENDING_LOGIN_KEY] = {
        "user_id": user.id,
        "since": int(utcnow().timestamp()),
        "next": next_url,
    }


def pending_login():
    """Return (user, next URL) waiting for their second factor; (None, reason) otherwise.

    The reason is "missing" or "expired".
    """
    pending = session.get(PENDING_LOGIN_KEY)
    if not isinstance(pending, dict):
        return None, "missing"
    age = utcnow().timestamp() - pending.get("since", 0)
    if age > current_app.config["LOGIN_CODE_MINUTES"] * 60 or age < 0:
        session.pop(PENDING_LOGIN_KEY, None)
        return None, "expired"
    user = db.session.get(User, pending.get("user_id"))
    if user is None or not user.active or not user.has_totp:
        session.pop(PENDING_LOGIN_KEY, None)
        return None, "missing"
    return user, pending.get("next")


def pending_username():
    """The username of a pending log-in, for the per-account throttle; "" when there is none."""
    pending = session.get(PENDING_LOGIN_KEY)
    if not isinstance(pending, dict):
        return ""
    user = db.session.get(User, pending.get("user_id"))
    return user.username if user is not None else ""


class SecondFactorRefused(AccountError):
    """The code was wrong, or right but used before; the message says which."""


def verify_second_factor(user, code):
    """Return the method ("totp" or "recovery_code") when `code` is valid for `user` now.

    A TOTP code is accepted once (the time step is remembered); a recovery code is used up.
    Raise SecondFactorRefused otherwise (the failure is audited).
    """
    if totp.looks_like_totp(code):
        step = totp.matching_step(user.totp_secret, code)
        if step is not None and user.totp_last_step is not None and step <= user.totp_last_step:
            _second_factor_failed(user, "reused")
            raise SecondFactorRefused(
                _("This code has already been used. Wait for the next code in your app and enter that.")
            )
        if step is not None:
            user.totp_last_step = step
            return METHOD_TOTP
    else:
        code_hash = hash_token(totp.normalise_code(code))
        for recovery_code in user.unused_recovery_codes:
            if recovery_code.code_hash == code_hash:
                if not _use_recovery_code(recovery_code):
                    _second_factor_failed(user, "reused")
                    raise SecondFactorRefused(
                        _("This code is not correct. Check the code in your app and try again.")
                    )
                record(
                    "auth.recovery_code_used",
                    user,
                    actor=user,
                    summary="recovery code used",
                    data={"remaining": len(user.unused_recovery_codes)},
                )
                return METHOD_RECOVERY_CODE
    _second_factor_failed(user, "wrong")
    raise SecondFactorRefused(_("This code is not correct. Check the code in your app and try again."))


def _use_recovery_code(recovery_code):
    """Mark `recovery_code` used in the database itself; False when another request did first.

    A conditional UPDATE, not a change of the loaded object: two requests with the same code at
    the same moment both see it unused, but only one of them changes the row.
    """
    now = utcnow()
    result = db.session.execute(
        sa.update(RecoveryCode)
        .where(RecoveryCode.id == recovery_code.id, RecoveryCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.expire(recovery_code)
        return False
    set_committed_value(recovery_code, "used_at", now)
    return True


def _second_factor_failed(user, reason):
    record(
        "auth.login_failed",
        user,
        outcome=Outcome.FAILURE,
        summary="failed log-in: second factor",
        data={"username": user.username, "step": "second_factor", "reason": reason},
    )


# --- enrolling and removing the second factor ---------------------------------------------------


def begin_totp_enrolment(user):
    """Give `user` a new, not yet confirmed TOTP secret (kept while they enrol); return it."""
    if user.has_totp:
        raise AccountError(_("Two-step verification is already on."))
    if not user.totp_secret:
        user.totp_secret = totp.new_secret()
        db.session.flush()
    return user.totp_secret


def totp_qr_code(user):
    """The QR code (inline SVG) and the otpauth URI of the user's secret, for the enrolment page."""
    uri = totp.provisioning_uri(user.totp_secret, user.username, current_app.config["TOTP_ISSUER"])
    return totp.qr_code_svg(uri, _("QR code to scan with your authenticator app"))


def confirm_totp_enrolment(user, code):
    """Switch TOTP on when `code` matches the pending secret; return the new recovery codes."""
    if user.has_totp or not user.totp_secret:
        raise AccountError(_("Start setting up two-step verification again."))
    step = totp.matching_step(user.totp_secret, code)
    if step is None:
        raise AccountError(_("This code is not correct. Check the code in your app and try again."))
    user.totp_last_step = step
    user.totp_enabled_at = utcnow()
    codes = _replace_recovery_codes(user)
    db.session.flush()
    record("auth.totp_enrolled", user, summary=f"two-step verification on for {user.username}")
    return codes


def _replace_recovery_codes(user):
    user.recovery_codes.clear()
    codes = totp.new_recovery_codes()
    user.recovery_codes.extend(
        RecoveryCode(code_hash=hash_token(totp.normalise_code(code))) for code in codes
    )
    return codes


def remove_totp(user, *, password):
    """Let a user switch their own second factor off, after confirming with their password."""
    if user.role == Role.ADMIN:
        raise AccountError(_("Administrators must keep two-step verification on."))
    confirm_current_password(user, password, purpose=PURPOSE_TWO_FACTOR_REMOVAL)
    _clear_totp(user)
    record("auth.totp_removed", user, summary=f"two-step verification off for {user.username}")


def reset_totp(user):
    """An admin switches off another user's lost second factor; their sessions end too."""
    if not user.has_totp and not user.totp_secret:
        raise AccountError(_("%(username)s does not use two-step verification.", username=user.username))
    _clear_totp(user)
    ended = end_sessions(user, "second_factor_reset")
    revoke_api_tokens(user, "second_factor_reset")
    record(
        "auth.totp_removed",
        user,
        summary=f"two-step verification reset for {user.username}",
        data={"by_admin": True, "sessions_ended": ended},
    )


def _clear_totp(user):
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.recovery_codes.clear()
    db.session.flush()


# --- API tokens ---------------------------------------------------------------------------------


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
            _reentry_failed(user, purpose, step="second_factor")
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
        _note_use_later(ApiToken, token, "last_used_at", now)
    return token.user
