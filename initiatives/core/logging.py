"""Application logs on stdout: one JSON object per line in production, plain text in development.

Every request gets an id (the caller's X-Request-ID when it is a plausible one, a fresh one
otherwise), returned as X-Request-ID and put on every log line written while it runs, so the
lines of one request can be found across several application servers. One line per request
says method, path, status, duration and user id. Never logged: query strings, form fields,
headers, cookies, tokens or passwords (the path has ids only; a query may hold a search for a
resident's name).
"""

import logging
import re
import sys
import time
import uuid

import sqlalchemy as sa
from flask import g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

#: A caller's request id is taken over only when it looks like one (no spaces, no markup).
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
REQUEST_LOGGER = "initiatives.requests"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


class StdoutHandler(logging.StreamHandler):
    """Writes to whatever sys.stdout is at the time (a test's captured stdout too)."""

    def __init__(self):
        super().__init__()

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, value):  # StreamHandler sets it in __init__; stdout is looked up instead
        pass


class RequestContextFilter(logging.Filter):
    """Puts the current request's id on every record (`-` outside a request)."""

    def filter(self, record):
        record.request_id = getattr(g, "request_id", "-") if has_request_context() else "-"
        return True


def json_formatter():
    return JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        datefmt="%Y-%m-%dT%H:%M:%S%z",
    )


def make_handler(log_format):
    handler = StdoutHandler()
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(json_formatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    handler.bricoleur = True  # so a second app in the same process replaces it, not doubles it
    return handler


def configure_logging(app):
    """Send the app's (and its libraries') log records to stdout in LOG_FORMAT, and log requests."""
    log_format = app.config["LOG_FORMAT"]
    if log_format not in {"json", "text"}:
        raise ValueError(f"BRICOLEUR_LOG_FORMAT={log_format!r} is unknown; use json or text.")
    if app.config["LOG_TO_STDOUT"]:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "bricoleur", False)]:
            root.removeHandler(handler)
        root.addHandler(make_handler(log_format))
        # Libraries say only what matters (their INFO is chatter); the app says what LOG_LEVEL asks.
        root.setLevel(logging.WARNING)
        app.logger.setLevel(app.config["LOG_LEVEL"])
        # Flask's own handler would print each record a second time.
        from flask.logging import default_handler

        app.logger.removeHandler(default_handler)
        if log_format == "json":
            # The request lines below replace the development server's own access lines.
            logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app.before_request(start_request_log)
    app.after_request(finish_request_log)


def start_request_log():
    offered = request.headers.get("X-Request-ID", "")
    g.request_id = offered if REQUEST_ID_PATTERN.match(offered) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _user_id():
    """The signed-in user's id; only a user already loaded: loading one here would query the
    database after the response. Its key, not its attributes: those the commit expired would be
    read again (is_authenticated reads `active`)."""
    state = sa.inspect(g.get("_login_user"), raiseerr=False)  # None for the anonymous user
    return state.identity[0] if state is not None and state.identity else None


def finish_request_log(response):
    request_id = g.get("request_id")
    if request_id is None:  # a request that failed before start_request_log ran
        start_request_log()
        request_id = g.request_id
    response.headers["X-Request-ID"] = request_id
    duration_ms = round((time.perf_counter() - g.request_started) * 1000, 1)
    status = response.status_code
    level = logging.ERROR if status >= 500 else logging.INFO
    logging.getLogger(REQUEST_LOGGER).log(
        level,
        "%s %s %s %.1f ms",
        request.method,
        request.path,
        status,
        duration_ms,
        extra={
            "method": request.method,
            "path": request.path,
            "status": status,
            "duration_ms": duration_ms,
            "user_id": _user_id(),
        },
    )
    return response
