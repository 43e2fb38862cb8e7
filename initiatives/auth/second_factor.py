"""The second step of a log-in (a TOTP or recovery code), and enrolling and removing the second factor."""

import sqlalchemy as sa
from flask import current_app, session
from flask_babel import gettext as _
from sqlalchemy.orm.attributes import set_committed_value

from initiatives.audit.models import Outcome
from initiatives.audit.operations import record
from initiatives.auth import totp
from initiatives.auth.models import RecoveryCode, User
from initiatives.auth.reentry import PURPOSE_TWO_FACTOR_REMOVAL, confirm_current_password
from initiatives.auth.sessions import METHOD_RECOVERY_CODE, METHOD_TOTP, end_sessions, fresh_flask_session
from initiatives.auth.tokens import revoke_api_tokens
from initiatives.auth.users import AccountError, SecondFactorRefused
from initiatives.core.db import utcnow
from initiatives.core.roles import Role
from initiatives.core.tokens import hash_token
from initiatives.extensions import db

#: Key in the (signed cookie) Flask session of a log-in waiting for its second factor.
PENDING_LOGIN_KEY = "pending_login"


def begin_second_factor(user, next_url):
    """Remember, for a few minutes, that `user` passed the password step and where to go next."""
    fresh_flask_session()
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
