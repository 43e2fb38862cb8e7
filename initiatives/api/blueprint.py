"""The API blueprint under /api/v1. Each domain's API modules attach their routes to it when
imported (create_app's register_api lists them)."""

from flask import current_app, request
from flask_smorest import Blueprint

from initiatives.api.auth import bearer_token
from initiatives.api.openapi import URL_PREFIX
from initiatives.api.problems import register_problem_handlers
from initiatives.core.tokens import hash_token
from initiatives.extensions import limiter

bp = Blueprint("api", __name__, url_prefix=URL_PREFIX, description="Bricoleur's JSON API.")
register_problem_handlers(bp)


def _token_key():
    """The token a request names, hashed: the limiter's storage (Redis) never holds a secret."""
    return "token:" + hash_token(bearer_token(request))


def _without_token():
    return bearer_token(request) is None


# Every request under /api/v1 counts, before its token is even checked (a wrong token is counted
# too, so refusals cannot flood the audit log): per client address, and per token when one is
# sent. Beyond a limit: 429 problem+json with Retry-After (core/errors.py).
limiter.shared_limit(lambda: current_app.config["API_REQUESTS_PER_ADDRESS"], scope="api-address")(bp)
limiter.shared_limit(
    lambda: current_app.config["API_REQUESTS_PER_TOKEN"],
    scope="api-token",
    key_func=_token_key,
    exempt_when=_without_token,
)(bp)
