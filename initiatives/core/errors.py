"""Error pages in the house style; JSON problem details for the API."""

import time

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from initiatives.extensions import db, limiter

ERROR_TITLES = {
    400: _l("The request could not be processed"),
    401: _l("Sign in first"),
    403: _l("No access"),
    404: _l("Page not found"),
    405: _l("This action is not possible here"),
    409: _l("Changed by someone else"),
    412: _l("Changed by someone else"),
    413: _l("File too large"),
    422: _l("Invalid values"),
    428: _l("Version missing"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong"),
    503: _l("Temporarily unavailable"),
}

ERROR_EXPLANATIONS = {
    400: _l("Your request was incomplete or had expired. Go back, reload the page and try again."),
    401: _l("This page is only for signed-in users."),
    403: _l("You do not have access to this page. Ask the administrator if you think you should."),
    404: _l("The page you were looking for does not exist, or no longer does. Check the address."),
    405: _l("This page cannot be used in this way."),
    409: _l(
        "Someone else saved a change to this record at the same time. Nothing of yours was "
        "saved. Open the record again to see the current state."
    ),
    412: _l("The record has changed since you loaded it. Load it again and repeat your change."),
    413: _l("The file you sent is larger than allowed."),
    422: _l("Some values are missing or not valid. See the errors for each field."),
    428: _l("Send the version you last loaded in the If-Match header, so no change is overwritten."),
    429: _l("Too many attempts in a short time. Wait a few minutes and try again."),
    500: _l(
        "An unexpected error occurred. Nothing has been saved. Try again; if the problem "
        "persists, tell the administrator the time it happened."
    ),
    503: _l("The service is temporarily unavailable. Try again in a few minutes."),
}


#: Explanations for API clients where the page explanation would not fit.
API_EXPLANATIONS = {
    401: _l("Send a valid personal API token in the Authorization header: Bearer <token>."),
    403: _l("Your account may not do this. Ask the administrator if you think it should."),
    404: _l("This resource does not exist, or no longer does. Check the address."),
    405: _l("This method cannot be used on this resource."),
}


def _is_api_request():
    return request.path.startswith("/api/")


def _wants_json():
    return _is_api_request() or request.path == "/healthz"


def _retry_minutes():
    limit = limiter.current_limit
    if limit is None:
        return None
    return max(1, round((limit.reset_at - time.time()) / 60))


def _default_explanation(status):
    if _is_api_request() and status in API_EXPLANATIONS:
        return API_EXPLANATIONS[status]
    return ERROR_EXPLANATIONS.get(status, ERROR_EXPLANATIONS[500])


def _plain_messages(messages):
    """Return field messages as {field: [message, ...]} with every (lazy) string made plain."""
    if isinstance(messages, dict):
        return {str(key): _plain_messages(value) for key, value in messages.items()}
    if isinstance(messages, list | tuple):
        return [str(message) for message in messages]
    return [str(messages)]  # a lazy string is no str, so marshmallow keeps it unwrapped


def field_errors(error_data):
    """Return {field: [messages]} from an aborted request's data (webargs' or the API's)."""
    if error_data.get("errors"):
        return _plain_messages(error_data["errors"])
    errors = {}
    # webargs reports {location: {field: [messages]}}; the client knows where it sent what.
    for location, messages in (error_data.get("messages") or {}).items():
        if isinstance(messages, dict):
            errors.update(_plain_messages(messages))
        else:
            errors[str(location)] = _plain_messages(messages)
    return errors


def render_error(status, detail=None, *, title=None, errors=None):
    """Answer an error page, or an RFC 9457 problem (with field `errors`) for JSON clients."""
    title = title or ERROR_TITLES.get(status, ERROR_TITLES[500])
    detail = detail or _default_explanation(status)
    if _wants_json():
        problem = {"type": "about:blank", "title": str(title), "status": status, "detail": str(detail)}
        if errors:
            problem["errors"] = errors
        response = jsonify(problem)
        response.status_code = status
        response.mimetype = "application/problem+json"
        return response
    return render_template("errors/error.html", status=status, title=title, detail=detail), status


def handle_http_exception(error):
    if error.code is None:
        return error
    # Set by `abort` from webargs (validation) and by the API's problems: detail, errors, headers.
    data = getattr(error, "data", None) or {}
    response = render_error(
        error.code, data.get("detail"), title=data.get("title"), errors=field_errors(data)
    )
    headers = dict(data.get("headers") or {})
    if error.code == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    if error.code == 401 and _is_api_request():
        headers.setdefault("WWW-Authenticate", 'Bearer realm="bricoleur"')
    for name, value in headers.items():
        response = _with_header(response, name, value)
    return response


def handle_rate_limit(error):
    minutes = _retry_minutes()
    detail = None
    if request.endpoint == "auth.login":
        detail = _(
            "Too many failed sign-in attempts. For your security, signing in is paused. "
            "Try again in %(minutes)d minutes.",
            minutes=minutes or 15,
        )
    return render_error(429, detail)


def handle_csrf_error(error):
    return render_error(
        400,
        _(
            "The form had expired or was incomplete, so nothing was saved. Go back, reload the "
            "page and submit the form again."
        ),
    )


def handle_stale_data(error):
    """A concurrent save won the race: 412 for the API (its If-Match failed late), 409 for pages."""
    db.session.rollback()
    return render_error(412 if request.path.startswith("/api/") else 409)


def handle_unexpected(error):
    if isinstance(error, HTTPException):
        return handle_http_exception(error)
    db.session.rollback()
    return render_error(500)


def _with_header(response, name, value):
    if isinstance(response, tuple):
        body, status, *rest = response
        headers = {**(rest[0] if rest else {}), name: value}
        return body, status, headers
    response.headers[name] = value
    return response


def register_error_handlers(app):
    app.register_error_handler(RateLimitExceeded, handle_rate_limit)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(StaleDataError, handle_stale_data)
    app.register_error_handler(InternalServerError, handle_unexpected)
