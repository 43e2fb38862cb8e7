"""The password asked again while signed in (before a password change, a new API token or
switching the second factor off)."""

from flask_babel import gettext as _
from flask_login import logout_user

from initiatives.audit.models import Outcome
from initiatives.audit.operations import record
from initiatives.auth import throttle
from initiatives.auth.sessions import current_session, end_session, fresh_flask_session
from initiatives.auth.users import AccountError

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
    reentry_failed(user, purpose)
    raise AccountError(_("This is not your current password."))


def reentry_failed(user, purpose, step="password"):
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
        end_session(user_session, "too_many_failures")
    record(
        "auth.signed_out_after_failures",
        user,
        outcome=Outcome.FAILURE,
        summary=f"signed out after wrong passwords ({purpose})",
        data={"purpose": purpose},
    )
    logout_user()
    fresh_flask_session()
    raise SignedOutAfterFailures()
