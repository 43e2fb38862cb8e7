"""One unit of work per request: handlers and operations flush, this module commits.

A response below 400 commits everything the request flushed; an error response or an
exception rolls it all back, so a failed request never leaves half-saved records.
"""

from initiatives.extensions import db


def finish_unit_of_work(response):
    """Commit the request's changes when it succeeded, roll them back otherwise."""
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    return response


def discard_unit_of_work(exception=None):
    """Roll back whatever an exception left behind before the session is removed."""
    if exception is not None:
        db.session.rollback()


def register_unit_of_work(app):
    app.after_request(finish_unit_of_work)
    app.teardown_request(discard_unit_of_work)
