"""The demo admin's second factor in tests: a known TOTP secret, and codes from it as an app
would show them (never one that the account has already used)."""

import time

from initiatives.auth import totp
from initiatives.auth.users import find_user
from initiatives.core.db import utcnow
from initiatives.extensions import db

#: The authenticator-app secret of the demo admin `beheer` in tests (base32).
ADMIN_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enrol(app, username, secret=ADMIN_TOTP_SECRET):
    """Give `username` a working second factor with `secret`, as if enrolled earlier."""
    with app.app_context():
        user = find_user(username)
        user.totp_secret = secret
        user.totp_enabled_at = utcnow()
        db.session.commit()


def fresh_code(app, username):
    """The code an app shows now, or the next one when this one was used (as a person would wait)."""
    with app.app_context():
        user = find_user(username)
        secret, last_step = user.totp_secret, user.totp_last_step
        db.session.remove()
    step = totp.current_step()
    if last_step is not None and step <= last_step:
        step = last_step + 1
        while step > totp.current_step() + totp.DRIFT_STEPS:
            time.sleep(1)
    return totp.code_at_step(secret, step)


def code_now(secret, offset=0):
    """The code for `secret` at the current time step plus `offset` steps."""
    return totp.code_at_step(secret, totp.current_step() + offset)
