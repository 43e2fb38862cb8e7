"""gunicorn settings for production (`make serve`); every one can be set by an environment variable.

Run as `gunicorn -c gunicorn.conf.py wsgi:app`; docs/deployment.md explains the choices.
"""

import os

_log_format = os.environ.get(
    "BRICOLEUR_LOG_FORMAT", "json" if os.environ.get("BRICOLEUR_ENV") == "production" else "text"
)

#: Where to listen; behind a proxy on another host use 0.0.0.0:8000 (and a firewall).
bind = os.environ.get("BRICOLEUR_BIND", "127.0.0.1:8000")
#: Processes. On PostgreSQL scale with the cores (2 x cores + 1); on SQLite a few suffice, as
#: only one process writes at a time.
workers = int(os.environ.get("BRICOLEUR_WORKERS", 2 * (os.cpu_count() or 1) + 1))
#: Threads per process, for requests that wait on the database or a slow client.
threads = int(os.environ.get("BRICOLEUR_THREADS", 4))
#: Seconds a request may take before its worker is restarted (exports of many cases take long).
timeout = int(os.environ.get("BRICOLEUR_TIMEOUT", 120))
#: Seconds a stopping worker gets to finish the requests it has (a deploy drops none).
graceful_timeout = int(os.environ.get("BRICOLEUR_GRACEFUL_TIMEOUT", 30))
#: Seconds an idle connection from the proxy is kept open: longer than the proxy keeps it (nginx's
#: upstream keepalive_timeout, 60 s by default), so that the proxy closes it first. A server that
#: closes first may close it as the proxy sends a request on it, which is then lost.
keepalive = int(os.environ.get("BRICOLEUR_KEEPALIVE", 75))
#: A worker is replaced after this many requests (plus up to 10% jitter, so not all at once):
#: memory that grows slowly is given back. 0 switches it off.
max_requests = int(os.environ.get("BRICOLEUR_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10

#: Build the app once, before forking: a wrong setting (e.g. no SECRET_KEY) stops gunicorn at
#: once with the app's one-line message, and the workers share the loaded code's memory.
preload_app = True

#: The app writes one log line per request itself (with request id and user), so gunicorn's
#: own access log is off unless asked for ("-" is stdout).
accesslog = os.environ.get("BRICOLEUR_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("BRICOLEUR_LOG_LEVEL", "info").lower()

#: gunicorn's control socket (for `gunicornc`) is off unless given a path: its default path is
#: one per user, so two instances on one host would take each other's.
if os.environ.get("BRICOLEUR_CONTROL_SOCKET"):
    control_socket = os.environ["BRICOLEUR_CONTROL_SOCKET"]
else:
    control_socket_disable = True

if _log_format == "json":
    # gunicorn's own lines (start, workers booting or dying) as JSON too, one object per line.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
                "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            }
        },
        "handlers": {
            "stdout": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}
        },
        "root": {"level": "WARNING", "handlers": []},  # the app adds its own (JSON) handler
        "loggers": {
            "gunicorn.error": {"handlers": ["stdout"], "level": loglevel.upper(), "propagate": False},
            "gunicorn.access": {
                "handlers": ["stdout"] if accesslog else [],
                "level": "INFO",
                "propagate": False,
            },
        },
    }


def post_fork(server, worker):
    """Each worker opens database connections of its own: none made while preloading is shared."""
    from initiatives.extensions import db
    from wsgi import app

    with app.app_context():
        db.engine.dispose(close=False)
