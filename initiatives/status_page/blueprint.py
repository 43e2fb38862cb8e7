"""URL rules of the status page (public: the secret in the URL is the key) and of the case page's
buttons for its link (those who may edit the case)."""

from flask import Blueprint, current_app, request

from initiatives.core.access import public, roles_allowed
from initiatives.core.roles import Role
from initiatives.core.tokens import hash_token
from initiatives.core.unit_of_work import writes_database
from initiatives.extensions import limiter
from initiatives.status_page import controllers

bp = Blueprint("status_page", __name__)


def _link_key():
    # Per link, by the hash of the secret: the limiter's store never holds the secret itself.
    return "status-link/" + hash_token(request.view_args.get("token", ""))


def _link_key_for(what):
    return lambda: f"{_link_key()}/{what}"


def _saved(response):
    return response.status_code == 303


def _per_address(view):
    """Every request from one client address (a wrong secret too: guessing is slowed)."""
    return limiter.limit(lambda: current_app.config["STATUS_PAGE_REQUESTS_PER_ADDRESS"])(view)


def _per_link(setting, what):
    """Only the posts one link saved (a message, an answer), each kind counted on its own."""
    return limiter.limit(
        lambda: current_app.config[setting],
        key_func=_link_key_for(what),
        methods=["POST"],
        deduct_when=_saved,
    )


status_page = _per_address(
    _per_link("STATUS_PAGE_MESSAGES_PER_LINK", "messages")(public(writes_database(controllers.show)))
)
satisfaction = _per_address(
    _per_link("STATUS_PAGE_ANSWERS_PER_LINK", "answers")(
        public(writes_database(controllers.answer_satisfaction))
    )
)
bp.add_url_rule("/status/<token>", "show", status_page, methods=["GET", "POST"])
bp.add_url_rule("/status/<token>/satisfaction", "answer_satisfaction", satisfaction, methods=["POST"])
bp.add_url_rule(
    "/initiatives/<int:initiative_id>/status-link",
    "make_link",
    roles_allowed(Role.NEIGHBOURHOOD_MANAGER)(controllers.make_link),
    methods=["POST"],
)
bp.add_url_rule(
    "/initiatives/<int:initiative_id>/status-link/revoke",
    "revoke_link",
    roles_allowed(Role.NEIGHBOURHOOD_MANAGER)(controllers.revoke_link),
    methods=["POST"],
)
bp.add_url_rule(
    "/initiatives/<int:initiative_id>/status-mails",
    "mails",
    roles_allowed(Role.NEIGHBOURHOOD_MANAGER)(controllers.mails),
    methods=["GET", "POST"],
)
