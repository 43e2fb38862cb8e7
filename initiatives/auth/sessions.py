"""Signing in and out: the server-side sessions, their expiry, and the notice of wrong passwords.

Every log-in, whatever its method (password, second factor, single sign-on), ends in
`start_session(user, method)`: it renews the session, records it server-side and audits it.
"""

import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, flash, g, has_request_context, session
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from initiatives.audit.models import AuditEntry
from initiatives.audit.operations import record
from initiatives.auth import throttle
from initiatives.auth.models import User, UserSession
from initiatives.auth.users import AccountError
from initiatives.core.db import utcnow
from initiatives.core.parsing import whole_number
from initiatives.core.request_origin import client_address
from initiatives.core.tokens import hash_token
from initiatives.core.unit_of_work import write_after_request
from initiatives.extensions import db

#: Keys in the (signed cookie) Flask session.
SESSION_TOKEN_KEY = "session_token"  # noqa: S105 - a key name, not a secret
#: Keys of the Flask session that survive a log-in or log-out.
KEPT_SESSION_KEYS = ("language",)
#: last_seen_at is written at most this often, so that most requests do not write; and then after
#: the request's work, in a short transaction of its own when the request only reads.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)
#: How a log-in ends in `start_session`; single sign-on passes its own method name.
METHOD_PASSWORD = "password"  # noqa: S105 - a method name, not a secret
METHOD_TOTP = "totp"
METHOD_RECOVERY_CODE = "recovery_code"


def fresh_flask_session():
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
    fresh_flask_session()
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


def end_session(user_session, reason, now=None):
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
        end_session(user_session, reason, now)
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
        end_session(user_session, reason, now)
        if audited:
            record(
                "auth.session_expired",
                user,
                actor=user,
                summary="session expired",
                data={"reason": reason, "method": user_session.method},
            )

    write_after_request(end)


def note_use_later(model, row, column, now):
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
        fresh_flask_session()
        flash(_("Your session has expired, so you have been signed out. Please sign in again."), "info")
        return None
    if now - user_session.last_seen_at >= LAST_SEEN_RESOLUTION:
        note_use_later(UserSession, user_session, "last_seen_at", now)
    g.user_session = user_session
    return user


def log_out():
    """End this request's session server-side, audit it and empty the cookie session."""
    user_session = current_session()
    if user_session is not None:
        end_session(user_session, "logout")
        record("auth.logout", current_user._get_current_object(), summary="logged out")
    logout_user()
    fresh_flask_session()
