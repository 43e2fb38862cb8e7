"""URL rules of the calendar: the personal feed at its secret address (no log-in: the address is
the key) and the .ics of a case's next follow-up (for the case's readers)."""

from flask import Blueprint, abort

from initiatives.cases.controllers import load_case
from initiatives.core.access import public, roles_allowed
from initiatives.core.roles import Role
from initiatives.notifications.calendar import case_calendar, feed_calendar, user_for_token

bp = Blueprint("calendar", __name__)
readers = roles_allowed(Role.NEIGHBOURHOOD_MANAGER, Role.SECRETARY)

ICALENDAR = "text/calendar; charset=utf-8"


def _ics(body, filename, cache):
    return (
        body,
        200,
        {
            "Content-Type": ICALENDAR,
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": cache,
        },
    )


def feed(token):
    """The user's follow-ups; 404 for an address that was revoked or never was."""
    user = user_for_token(token)
    if user is None:
        abort(404)
    # Private: a shared cache must never keep one person's calendar for another.
    return _ics(feed_calendar(user), "bricoleur.ics", "private, max-age=300")


def follow_up(initiative_id):
    """The case's next follow-up as an .ics to add to one's calendar; 404 when it has none."""
    initiative = load_case(initiative_id)
    if initiative.follow_up_on is None or not initiative.awaits_work:
        abort(404)
    return _ics(case_calendar(initiative), f"opvolging-{initiative.id}.ics", "private, no-store")


bp.add_url_rule("/calendar/<token>.ics", "feed", public(feed))
bp.add_url_rule("/initiatives/<int:initiative_id>/follow-up.ics", "follow_up", readers(follow_up))
