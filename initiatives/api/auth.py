"""Bearer tokens and stateless requests for the API.

API requests are stateless: a personal token in `Authorization: Bearer <token>` names the user
(the auth package's request loader, auth/api.py, turns it into the user), and the session cookie
is neither read nor written under /api/. A browser session therefore never authenticates an API
call, which is why the API needs no CSRF token.
"""

from flask import request
from flask.sessions import SecureCookieSessionInterface

API_PATH_PREFIX = "/api/"


def is_api_request(flask_request):
    return flask_request.path.startswith(API_PATH_PREFIX)


def bearer_token(flask_request):
    """Return the token of an `Authorization: Bearer <token>` header, or None."""
    scheme, _separator, token = flask_request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


class StatelessApiSessionInterface(SecureCookieSessionInterface):
    """The usual signed-cookie session, except that API requests get an empty one and no cookie."""

    def open_session(self, app, flask_request):
        if is_api_request(flask_request):
            return self.session_class()
        return super().open_session(app, flask_request)

    def save_session(self, app, session, response):
        if is_api_request(request):
            return
        super().save_session(app, session, response)
