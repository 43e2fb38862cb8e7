"""Links that leave Bricoleur (in mails, calendar feeds, .ics files): absolute, at the address
people use (`BASE_URL`), made the same way inside a request and in `flask notifications deliver`."""

from flask import current_app, url_for


def absolute_url(endpoint, **values):
    """The absolute URL of `endpoint` with `values`, at BASE_URL."""
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"] + "/"):
        return url_for(endpoint, **values, _external=True)
