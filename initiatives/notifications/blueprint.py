"""URL rules of one's notification preferences and of the notifications page: every signed-in
user's own, so each handler works on the current user's rows only."""

from flask import Blueprint

from initiatives.core.access import signed_in
from initiatives.notifications import controllers

bp = Blueprint("notifications", __name__)

bp.add_url_rule(
    "/account/notifications",
    "preferences",
    signed_in(controllers.preferences),
    methods=["GET", "POST"],
)
bp.add_url_rule("/notifications", "index", signed_in(controllers.index))
bp.add_url_rule(
    "/notifications/<int:notification_id>/read",
    "mark_read",
    signed_in(controllers.mark_read),
    methods=["POST"],
)
bp.add_url_rule(
    "/notifications/read", "mark_all_read", signed_in(controllers.mark_all_read), methods=["POST"]
)
