"""Error pages in the house style; JSON problem details for the API."""

import contextlib
import logging
import sqlite3
import time

import sqlalchemy as sa
from flask import current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

from initiatives.core.db import reading
from initiatives.core.sizes import human_size
from initiatives.extensions import db, limiter

ERROR_TITLES = {
    400: _l("The request could not be processed"),
    401: _l("Sign in first"),
    403: _l("No access"),
    404: _l("Page not found"),
    405: _l("This action is not possible here"),
    409: _l("Changed by someone else"),
    410: _l("Deleted"),
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
    410: _l("What you asked for has been deleted and is no longer available."),
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

#: Why the database refused a write, as /healthz and the logs name it, and what a user reads.
UNWRITABLE_EXPLANATIONS = {
    "read-only": _l(
        "The database can only be read at the moment, so changes cannot be saved. Nothing of "
        "what you just sent has been saved. Try again later; if this persists, tell the "
        "administrator."
    ),
    "disk-full": _l(
        "The server's disk is full, so changes cannot be saved. Nothing of what you just sent "
        "has been saved. Try again later; if this persists, tell the administrator."
    ),
}

#: Why the database did not take a write in time, and what a user reads.
BUSY_EXPLANATION = _l(
    "Many changes are being saved at this moment, and yours could not wait any longer. Nothing "
    "of what you just sent has been saved. Try again in a moment."
)

#: SQLite's primary result codes for a database that cannot be written (its extended codes add
#: detail in the high bits): SQLITE_READONLY and SQLITE_FULL.
SQLITE_UNWRITABLE = {8: "read-only", 13: "disk-full"}
#: PostgreSQL's SQLSTATEs for the same: read_only_sql_transaction (a read-only database or a
#: standby) and disk_full.
POSTGRESQL_UNWRITABLE = {"25006": "read-only", "53100": "disk-full"}
#: SQLite's primary result codes for a lock not had within the busy timeout: SQLITE_BUSY
#: ("database is locked") and SQLITE_LOCKED.
SQLITE_BUSY = {5, 6}
#: PostgreSQL's SQLSTATEs for a transaction given up on a lock: serialization_failure,
#: deadlock_detected and lock_not_available (lock_timeout).
POSTGRESQL_BUSY = {"40001", "40P01", "55P03"}

#: Seconds a client is asked to wait before trying a write again.
UNWRITABLE_RETRY_AFTER = 60
#: ... and when the database was only busy: the locks are given back within seconds.
BUSY_RETRY_AFTER = 5

logger = logging.getLogger(__name__)


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


def _retry_seconds():
    limit = limiter.current_limit
    if limit is None:
        return None
    return max(1, int(limit.reset_at - time.time()))


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


def render_error(status, detail=None, *, title=None, errors=None, way_back=None):
    """Answer an error page, or an RFC 9457 problem (with field `errors`) for JSON clients.

    `way_back` (url, label) leads back to the page the user came from, such as their case."""
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
    return render_template(
        "errors/error.html", status=status, title=title, detail=detail, way_back=way_back
    ), status


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


#: The pages a file too large may have been sent from: endpoint -> function of the view's arguments
#: returning (url, label) of the way back, or None. Domains register theirs with
#: `way_back_after_too_large`.
WAYS_BACK_AFTER_TOO_LARGE = {}


def way_back_after_too_large(endpoint):
    """Register the decorated function as the way back after a file too large sent to `endpoint`."""

    def register(function):
        WAYS_BACK_AFTER_TOO_LARGE[endpoint] = function
        return function

    return register


def render_too_large(endpoint=None, view_args=None):
    """The file was too large: 413, naming the limit, with the way back to where it was sent from."""
    if _wants_json():
        limit = human_size(current_app.config["MAX_CONTENT_LENGTH"])
        return render_error(413, _("The request is larger than the %(size)s allowed.", size=limit))
    detail = _(
        "The file is larger than %(size)s, the largest a case can hold. Nothing has been saved. "
        "Choose a smaller file, or make it smaller first (for example a scan or photo at a lower "
        "resolution).",
        size=human_size(current_app.config["MAX_ATTACHMENT_BYTES"]),
    )
    find_way_back = WAYS_BACK_AFTER_TOO_LARGE.get(endpoint)
    way_back = find_way_back(**(view_args or {})) if find_way_back else None
    return render_error(413, detail, way_back=way_back)


def handle_too_large(error):
    """A request over MAX_CONTENT_LENGTH, refused by Werkzeug before the view (reading the form)."""
    return render_too_large(request.endpoint, request.view_args)


def too_large_behind_the_proxy(path):
    """The 413 page for a request the proxy refused before the app saw it (nginx `error_page 413`,
    see docs/deployment.md): `path` is where it was sent, as the proxy passes it on."""
    try:
        endpoint, view_args = current_app.url_map.bind("").match(
            (path or "").partition("?")[0], method="POST"
        )
    except HTTPException:  # no such page, or one that takes no POST
        endpoint, view_args = None, None
    return render_too_large(endpoint, view_args)


def handle_rate_limit(error):
    """A limit of Flask-Limiter was reached (the API's, per token and per address): 429; the
    limiter adds Retry-After. (The log-in throttle answers its own 429s: auth/throttle.py.)"""
    detail = None
    if _is_api_request():
        detail = ngettext(
            "Too many requests in a short time. Try again in %(num)d second.",
            "Too many requests in a short time. Try again in %(num)d seconds.",
            _retry_seconds() or 60,
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


def _driver_error(error):
    """The database driver's error (sqlite3's, or psycopg's with a SQLSTATE) that `error` is or
    was caused by; None when it is no database error."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, sqlite3.Error) or getattr(error, "sqlstate", None):
            return error
        if isinstance(error, sa.exc.DBAPIError):
            error = error.orig
        else:
            error = getattr(error, "original_exception", None) or error.__cause__
    return None


def _sqlite_code(error):
    return (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def unwritable_reason(error):
    """Return "read-only" or "disk-full" when `error`, or what caused it, is the database refusing
    a write for that reason; None for any other error."""
    error = _driver_error(error)
    if isinstance(error, sqlite3.Error):
        return SQLITE_UNWRITABLE.get(_sqlite_code(error))
    return POSTGRESQL_UNWRITABLE.get(error.sqlstate) if error is not None else None


def is_busy(error):
    """Whether `error`, or what caused it, is a transaction that did not get a lock in time."""
    error = _driver_error(error)
    if isinstance(error, sqlite3.Error):
        return _sqlite_code(error) in SQLITE_BUSY
    return error is not None and error.sqlstate in POSTGRESQL_BUSY


def _discard_session():
    # A database that is gone cannot roll back; the pool drops that connection.
    with contextlib.suppress(sa.exc.SQLAlchemyError):
        db.session.rollback()


def render_unwritable(reason):
    """The database refused a write: 503 with the reason, nothing of the request kept."""
    _discard_session()
    logger.error("database cannot be written: %s", reason)
    response = render_error(503, UNWRITABLE_EXPLANATIONS[reason])
    return _with_header(response, "Retry-After", str(UNWRITABLE_RETRY_AFTER))


def render_busy(error):
    """The database did not give the request a lock in time: 503, soon to be tried again, nothing
    of the request kept."""
    _discard_session()
    # The driver's first line: "database is locked", "deadlock detected"; no values of the request.
    reason = (str(_driver_error(error)).strip().splitlines() or ["database busy"])[0]
    logger.warning("%s: %s %s answered 503", reason, request.method, request.path)
    # The page only reads (its header loads the signed-in user): it must not wait for the lock again.
    with reading():
        response = render_error(503, BUSY_EXPLANATION)
    return _with_header(response, "Retry-After", str(BUSY_RETRY_AFTER))


def handle_database_error(error):
    """A write refused by a read-only or full database, or a lock not had in time, is a 503; any
    other error stays a 500."""
    reason = unwritable_reason(error)
    if reason is not None:
        return render_unwritable(reason)
    if is_busy(error):
        return render_busy(error)
    raise error


def handle_unexpected(error):
    """Every unhandled exception (also a failed commit after the handler) ends here as a 500,
    or a 503 when the database refused to write or was busy."""
    original = getattr(error, "original_exception", None)
    reason = unwritable_reason(original)
    if reason is not None:
        return render_unwritable(reason)
    if is_busy(original):
        return render_busy(original)
    _discard_session()
    if original is None:  # abort(500) by the app itself, perhaps with a detail of its own
        return handle_http_exception(error)
    return render_error(500)


def _with_header(response, name, value):
    if name == "Retry-After":
        g.own_retry_after = value  # see `_keep_own_retry_after`
    if isinstance(response, tuple):
        body, status, *rest = response
        headers = {**(rest[0] if rest else {}), name: value}
        return body, status, headers
    response.headers[name] = value
    return response


def _keep_own_retry_after(response):
    """Flask-Limiter puts the reset of the route's limit in Retry-After on every response of a
    limited route (the API's). Only a 429 means that; a 503 keeps the wait it named itself (a busy
    database: 5 s), and a success has nothing to retry."""
    if response.status_code == 429:
        return response
    own = g.pop("own_retry_after", None)
    if own is not None:
        response.headers["Retry-After"] = own
    elif response.status_code < 400:
        response.headers.pop("Retry-After", None)
    return response


def register_error_handlers(app):
    # First in the list, so it runs last, after Flask-Limiter's own after_request.
    app.after_request_funcs.setdefault(None, []).insert(0, _keep_own_retry_after)
    app.register_error_handler(RateLimitExceeded, handle_rate_limit)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(RequestEntityTooLarge, handle_too_large)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(StaleDataError, handle_stale_data)
    app.register_error_handler(sa.exc.DBAPIError, handle_database_error)
    app.register_error_handler(InternalServerError, handle_unexpected)
