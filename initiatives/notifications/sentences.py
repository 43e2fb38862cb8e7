"""What a notice says, in the reader's language: one sentence per kind of notice, naming the case
by its title as the reader may see it (`cases.personal_data.case_texts`).

The notice's data holds no resident's personal data: the username of whoever caused it (`by`),
whether one was added to or removed from a team (`added`), a help's decision (`decision`:
"granted" or "refused"), how long a barrier has been open (`days`), a challenge's deadline (`due_on`, ISO) and the
threshold reached (`threshold`: days before it, or "passed"). A follow-up notice's
reference is the follow-up date (ISO).
"""

from datetime import date

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _

from initiatives.auth.models import User
from initiatives.extensions import db
from initiatives.notifications.events import CHALLENGE_PASSED, Event


def display_names(notifications):
    """{username: display name} of the people the notices name (`by`): one query for a page."""
    usernames = {(notice.data or {}).get("by") for notice in notifications} - {None, ""}
    if not usernames:
        return {}
    rows = db.session.execute(sa.select(User.username, User.full_name).where(User.username.in_(usernames)))
    return {username: full_name or username for username, full_name in rows}


def _follow_up_date(reference):
    try:
        return format_date(date.fromisoformat(reference))
    except (TypeError, ValueError):
        return None


def sentence(notification, title, names=None):
    """The sentence of `notification`, about the case called `title` (as the reader sees it);
    `names` ({username: display name}, see `display_names`) names who caused it."""
    data = notification.data or {}
    event = Event(notification.event)
    by = (names or {}).get(data.get("by"), data.get("by"))
    if event in (Event.FOLLOW_UP_DUE, Event.FOLLOW_UP_OVERDUE):
        day = _follow_up_date(notification.reference)
        if day is None:
            return _("Case ‘%(title)s’ is to be followed up.", title=title)
        if event is Event.FOLLOW_UP_DUE:
            return _("Case ‘%(title)s’ is to be followed up on %(date)s.", title=title, date=day)
        return _("The follow-up date of case ‘%(title)s’, %(date)s, has passed.", title=title, date=day)
    if event is Event.HANDED_OVER:
        if by:
            return _("Case ‘%(title)s’ has been handed over to you by %(name)s.", title=title, name=by)
        return _("Case ‘%(title)s’ has been handed over to you.", title=title)
    if event is Event.TEAM_CHANGED:
        if data.get("added", True):
            return _("You have been added to the team of case ‘%(title)s’.", title=title)
        return _("You have been removed from the team of case ‘%(title)s’.", title=title)
    if event is Event.HELP_DECIDED:
        if data.get("decision") == "granted":
            return _("The help you asked for on case ‘%(title)s’ has been granted.", title=title)
        if data.get("decision") == "refused":
            return _("The help you asked for on case ‘%(title)s’ has been refused.", title=title)
        return _("The help you asked for on case ‘%(title)s’ has been decided on.", title=title)
    if event is Event.BARRIER_OPEN_LONG:
        days = data.get("days")
        if isinstance(days, int):
            return _("A barrier on case ‘%(title)s’ has been open for %(days)d days.", title=title, days=days)
        return _("A barrier on case ‘%(title)s’ has been open for a long time.", title=title)
    if event is Event.CHALLENGE_DUE:
        due = _follow_up_date(data.get("due_on"))
        if due is None:
            return _("The college's decision on challenge ‘%(title)s’ is due soon.", title=title)
        if data.get("threshold") == CHALLENGE_PASSED:
            return _(
                "The college's decision on challenge ‘%(title)s’ was due on %(date)s and has not been recorded.",
                title=title,
                date=due,
            )
        return _("The college's decision on challenge ‘%(title)s’ is due on %(date)s.", title=title, date=due)
    if event is Event.INITIATOR_REPLIED:
        return _("The initiator of case ‘%(title)s’ replied through the status page.", title=title)
    return _("A mailbox import opened case ‘%(title)s’ for you.", title=title)
