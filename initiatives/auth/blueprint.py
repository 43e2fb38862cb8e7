"""URL rules for signing in and out, the second factor and one's own account."""

from functools import wraps

from flask import Blueprint, g, request

from initiatives.auth import controllers, throttle
from initiatives.auth.second_factor import pending_username
from initiatives.auth.single_sign_on.operations import pending_binding_username
from initiatives.auth.users import normalise_username
from initiatives.core.access import public, roles_allowed, signed_in
from initiatives.core.roles import Role
from initiatives.core.unit_of_work import reads_first, writes_database

bp = Blueprint("auth", __name__)


def _attempted_username():
    """The account a log-in attempt is for: the form's username, or the one awaiting a code."""
    if request.endpoint == "auth.second_factor":
        return pending_username()
    if request.endpoint == "sso.confirm_binding":
        return pending_binding_username()
    return normalise_username(request.form.get("username"))


def throttled(view):
    """The log-in throttle (auth/throttle.py) around a step of the log-in: a POST that must wait
    is refused before the view checks anything (429), and a failure the view reports in
    `g.login_failed` is counted. Failed passwords and failed codes count together."""

    @wraps(view)
    def throttled_view(*args, **kwargs):
        if request.method != "POST":
            return view(*args, **kwargs)
        username = _attempted_username()
        throttle.check(username)
        response = view(*args, **kwargs)
        if g.get("login_failed", False):
            throttle.failed(username)
        return response

    return throttled_view


@bp.app_errorhandler(throttle.Throttled)
def refuse_throttled(error):
    return controllers.throttled(error.retry_after)


admin_only = roles_allowed(Role.ADMIN)

# Reads until the password is checked (`users.authenticate`), then writes: see `reads_first`.
bp.add_url_rule(
    "/login", view_func=reads_first(public(throttled(controllers.login))), methods=["GET", "POST"]
)
bp.add_url_rule(
    "/login/code",
    "second_factor",
    view_func=public(throttled(controllers.second_factor)),
    methods=["GET", "POST"],
)
bp.add_url_rule("/logout", view_func=signed_in(controllers.logout), methods=["POST"])
bp.add_url_rule("/account", "account", signed_in(controllers.account))
bp.add_url_rule("/account/password", view_func=signed_in(controllers.password), methods=["GET", "POST"])
bp.add_url_rule("/account/tokens", "create_token", signed_in(controllers.create_token), methods=["POST"])
bp.add_url_rule(
    "/account/tokens/<int:token_id>/revoke",
    "revoke_token",
    signed_in(controllers.revoke_token),
    methods=["POST"],
)
bp.add_url_rule(
    "/account/two-factor",
    "two_factor_setup",
    # Its GET writes too: the new secret, kept while the person enrols.
    writes_database(signed_in(controllers.two_factor_setup)),
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/account/two-factor/remove",
    "remove_two_factor",
    signed_in(controllers.remove_two_factor),
    methods=["POST"],
)
# On the admin's edit page of a user; the admin pages themselves are the admin blueprint's.
bp.add_url_rule(
    "/admin/users/<int:user_id>/tokens/<int:token_id>/revoke",
    "revoke_user_token",
    admin_only(controllers.revoke_user_token),
    methods=["POST"],
)
bp.add_url_rule(
    "/admin/users/<int:user_id>/two-factor/reset",
    "reset_user_two_factor",
    admin_only(controllers.reset_user_two_factor),
    methods=["POST"],
)
