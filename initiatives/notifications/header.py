"""The header's link to the notifications page with the number of unread notices: one COUNT per
page, for signed-in users only."""

import logging

from flask import g, has_request_context
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from initiatives.extensions import db
from initiatives.notifications.queries import unread_count

log = logging.getLogger(__name__)


def _unread():
    if "unread_notifications" not in g:
        try:
            g.unread_notifications = unread_count(db.session, current_user)
        except SQLAlchemyError:
            # The header must not break a page, least of all the error page of a database down.
            log.exception("could not count the unread notifications")
            g.unread_notifications = None
    return g.unread_notifications


def notifications_context():
    # Mails are rendered outside requests (`flask notifications deliver`): no header there.
    if not has_request_context() or not current_user.is_authenticated:
        return {"notifications_link": False}
    return {"notifications_link": True, "unread_notifications": _unread()}
