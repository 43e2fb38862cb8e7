"""The personal calendar feed's secret address in the JSON API: ask for it, or revoke it."""

from flask_login import current_user
from marshmallow import fields

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems
from initiatives.api.schemas import ApiSchema
from initiatives.core.access import signed_in
from initiatives.core.unit_of_work import begin_writing, reads_first
from initiatives.notifications.calendar import feed_url, find_feed, open_feed, revoke_feed

TAGS = ["Account"]


class CalendarSchema(ApiSchema):
    url = fields.String(
        metadata={
            "description": "The secret address of the user's calendar feed (iCalendar) of their "
            "follow-ups, for calendar apps to subscribe to without logging in. Keep it to yourself."
        }
    )


@bp.route("/me/calendar", methods=["GET"], endpoint="calendar", tags=TAGS)
@signed_in
@reads_first
@bp.response(200, CalendarSchema)
@documents_problems(bp, 401)
def calendar():
    """Show the address of the user's calendar feed, made on the first ask; the same one after."""
    feed = find_feed(current_user)
    if feed is None:
        begin_writing()
        feed = open_feed(current_user)
    return {"url": feed_url(feed)}


@bp.route("/me/calendar", methods=["DELETE"], endpoint="revoke_calendar", tags=TAGS)
@signed_in
@bp.response(204)
@documents_problems(bp, 401)
def revoke_calendar():
    """Revoke the address of the user's calendar feed: it then answers 404. A next GET makes a new one."""
    revoke_feed(current_user)
