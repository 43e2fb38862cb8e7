"""URL rules for signing in and out."""

from flask import Blueprint, current_app, g, request

from initiatives.auth import controllers
from initiatives.auth.operations import normalise_username
from initiatives.core.access import public, signed_in
from initiatives.extensions import limiter

bp = Blueprint("auth", __name__)


def _login_failed(response):
    return g.get("login_failed", False)


def _account_key():
    return "account:" + normalise_username(request.form.get("username"))[:64]


throttle_per_address = limiter.limit(
    lambda: current_app.config["LOGIN_FAILURES_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_login_failed,
    scope="login-address",
)
throttle_per_account = limiter.limit(
    lambda: current_app.config["LOGIN_FAILURES_PER_ACCOUNT"],
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_login_failed,
    scope="login-account",
)

bp.add_url_rule(
    "/login",
    view_func=public(throttle_per_address(throttle_per_account(controllers.login))),
    methods=["GET", "POST"],
)
bp.add_url_rule("/logout", view_func=signed_in(controllers.logout), methods=["POST"])
bp.add_url_rule("/account/password", view_func=signed_in(controllers.password), methods=["GET", "POST"])
