"""Finding accounts and checking their passwords at log-in; the errors of auth's rules."""

import secrets
from functools import cache

import sqlalchemy as sa
from flask import current_app, has_request_context

from initiatives.audit.models import Outcome
from initiatives.audit.operations import record
from initiatives.auth.models import User
from initiatives.auth.password_hashes import make_hash, matches, needs_new_hash
from initiatives.auth.passwords import password_problems
from initiatives.core.rules import RuleError
from initiatives.core.unit_of_work import begin_writing
from initiatives.extensions import db


class AccountError(RuleError):
    """A request about an account that the rules refuse; the message is shown to the user."""


class SecondFactorRefused(AccountError):
    """The code was wrong, or right but used before; the message says which."""


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
    return make_hash(secrets.token_urlsafe(16), method)


def _password_matches(user, password):
    """Check `password` for an active `user` with a password; otherwise check it against the
    dummy hash, so the answer takes as long whether or not the username exists."""
    if user is None or not user.active or not user.password_hash:
        matches(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password or "")
        return False
    return user.check_password(password)


def authenticate(username, password):
    """Return the active user with these credentials, or None (the failure is audited).

    Success is audited by `start_session`, once the second factor, if any, has been passed too.
    """
    user = find_user(username)
    matches = _password_matches(user, password)
    new_hash = renewed_hash(user, password) if matches else None
    # Hashing takes tens of milliseconds of a core: done while only reading (the log-in view is
    # `reads_first`), so that on SQLite a wave of log-ins does not hold the one write lock through
    # every hash; the audit entry, a renewed hash and the session are written after.
    if has_request_context():
        begin_writing()
    if not matches:
        record(
            "auth.login_failed",
            user,
            outcome=Outcome.FAILURE,
            summary="failed log-in",
            data={"username": normalise_username(username)[:64], "step": "password"},
        )
        return None
    if new_hash is not None:
        user.password_hash = new_hash
    return user


def renewed_hash(user, password):
    """A new hash of the (just checked) `password` when the stored one was made with another method
    or other parameters than PASSWORD_HASH_METHOD, else None: old hashes keep working and are
    raised to the configured strength at the next log-in."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if not needs_new_hash(user.password_hash, method):
        return None
    return make_hash(password, method)
