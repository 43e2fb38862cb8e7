"""Admins reach nothing but the enrolment page until their second factor is set up."""

from flask import redirect, request, url_for
from flask_login import current_user

#: What an admin without a second factor may still reach: enrolling, signing out, the language.
ALLOWED_BEFORE_ENROLMENT = frozenset(
    {"auth.two_factor_setup", "auth.logout", "auth.login", "system.language", "static"}
)


def require_second_factor_enrolment():
    """Send a signed-in admin without TOTP to the enrolment page (checked before every request)."""
    if request.endpoint is None or request.endpoint in ALLOWED_BEFORE_ENROLMENT:
        return None
    if request.path.startswith("/api/"):
        return None  # API calls carry a token, not a session; no admin routes there
    if current_user.is_authenticated and current_user.needs_totp_enrolment:
        return redirect(url_for("auth.two_factor_setup"))
    return None
