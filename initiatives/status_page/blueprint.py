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


def _message_sent(response):
    return response.status_code == 303


# Per client address, every request (a wrong secret too: guessing is slowed); per link, only the
# messages sent.
status_page = limiter.limit(lambda: current_app.config["STATUS_PAGE_REQUESTS_PER_ADDRESS"])(
    limiter.limit(
        lambda: current_app.config["STATUS_PAGE_MESSAGES_PER_LINK"],
        key_func=_link_key,
        methods=["POST"],
        deduct_when=_message_sent,
    )(public(writes_database(controllers.show)))
)
bp.add_url_rule("/status/<token>", "show", status_page, methods=["GET", "POST"])
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
