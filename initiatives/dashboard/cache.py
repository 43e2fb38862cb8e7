"""A cache of the dashboard's aggregate rows, so a view asked for again costs no aggregate queries.

Flask-Caching's in-process SimpleCache by default; Redis, shared by every worker, when
BRICOLEUR_CACHE_REDIS_URL is set. An entry is keyed by the database, the neighbourhoods the
user's scope and filters cover, the other filters, today's date (the age buckets move with it)
and a data version: the newest audit entry that records a change that may move a figure (id and
time; not a read, nor a timeline note: `UNCHANGING_ACTIONS`). Every change to cases, barriers and
helps writes an audit entry in the same transaction, so such a change makes a new key and no
figure is ever stale.
Names, labels and the order of categories are not cached: they are read fresh on every request.
Off in the tests unless DASHBOARD_CACHE is set (config.py), as they write rows directly.
"""

import hashlib

import sqlalchemy as sa
from flask import current_app

from initiatives.audit.models import AuditEntry
from initiatives.extensions import dashboard_cache

#: How long an entry is kept at most; a change to the data replaces it at once regardless.
TIMEOUT_SECONDS = 3600


def init_cache(app):
    """Configure the cache for `app`: Redis, the in-process SimpleCache, or none."""
    redis_url = app.config["DASHBOARD_CACHE_REDIS_URL"]
    enabled = app.config["DASHBOARD_CACHE"]
    if not enabled:
        config = {"CACHE_TYPE": "NullCache", "CACHE_NO_NULL_WARNING": True}
    elif redis_url:
        config = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis_url}
    else:
        config = {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 500}
    dashboard_cache.init_app(
        app, config={**config, "CACHE_DEFAULT_TIMEOUT": TIMEOUT_SECONDS, "CACHE_KEY_PREFIX": "dashboard:"}
    )
    app.extensions["dashboard_cache"] = enabled


#: Audit actions that record a read, a refusal or a log-in: they change no figure, and counting
#: them would empty the cache on every case view (viewing contact details is audited).
UNCHANGING_ACTIONS = (
    "access.%",
    "personal_data.%",
    "export.%",
    "auth.%",
    "api_token.%",
    # Changes to a case that move no figure: the dashboard counts barriers and helps, by the
    # case's neighbourhood and themes. Timeline notes are most of the day's writes.
    "activity.%",
    "initiator.%",
    "attachment.%",
)


def data_version(session):
    """What changes with every change to the data: the newest changing audit entry's id, and its
    time, so a database restored from a backup and written to again does not meet its old entries.
    Read newest first, so only the few reads logged since the last change are passed over."""
    newest = session.execute(
        sa.select(AuditEntry.id, AuditEntry.created_at)
        .where(*(AuditEntry.action.not_like(pattern) for pattern in UNCHANGING_ACTIONS))
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    return (newest.id, newest.created_at.isoformat()) if newest else (0, "")


#: Raised whenever what `parallel.aggregates` returns changes shape: a shared cache (Redis) may
#: still hold figures counted by the version before an upgrade. 3: `Aggregates` moved to
#: dashboard/parallel.py, and a pickled one names its module. 4: the initiators' satisfaction.
#: 5: the stakeholders' departments and organisations. 6: their kinds of organisation.
#: 7: the challenges (right to challenge). 8: the initiatives per neighbourhood (the map).
FIGURES_SHAPE = 8


def cache_key(session, selection, today):
    filters = selection.filters
    area_ids = selection.area_ids()
    parts = (
        FIGURES_SHAPE,
        session.get_bind().url.render_as_string(hide_password=True),
        data_version(session),
        today.isoformat(),
        "all" if area_ids is None else ",".join(str(area_id) for area_id in sorted(area_ids)),
        filters.start.isoformat() if filters.start else "",
        filters.end.isoformat() if filters.end else "",
        filters.department.id if filters.department else "",
        filters.stage.value if filters.stage else "",
        filters.theme.id if filters.theme else "",
        "council report" if filters.council_report else "",
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def cached_aggregates(session, selection, today, aggregates):
    """`aggregates(session, selection, today)`, from the cache or computed and then cached."""
    if not current_app.extensions.get("dashboard_cache"):
        return aggregates(session, selection, today)
    key = cache_key(session, selection, today)
    try:
        rows = dashboard_cache.get(key)
    except Exception:  # e.g. Redis unreachable: count without the cache
        current_app.logger.warning("Dashboard cache unavailable", exc_info=True)
        return aggregates(session, selection, today)
    if rows is None:
        rows = aggregates(session, selection, today)
        try:
            dashboard_cache.set(key, rows)
        except Exception:
            current_app.logger.warning("Dashboard cache unavailable", exc_info=True)
    return rows
