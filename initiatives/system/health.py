"""What /healthz checks: can the database be read and written, can files be stored, and does the
audit log's sealer keep up (an entry unsealed for over a minute).

A load balancer takes a server whose check fails out of rotation, and monitoring alerts on it,
so a read-only or full database shows up here before users meet it. The checks write nothing:
SQLite's write probe is rolled back, PostgreSQL reports a read-only state itself.
"""

import shutil
import sqlite3
import tempfile
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from initiatives.audit import chain
from initiatives.core.errors import unwritable_reason
from initiatives.extensions import db

SQLITE_BUSY = 5

REASONS = {
    "unreachable": "the database does not answer",
    "read-only": "the database is read-only",
    "disk-full": "the disk of the database is full",
    "unwritable": "the attachment directory cannot be written",
    "attachments-disk-full": "the disk of the attachment directory is full",
    "unsealed": "audit entries have waited over a minute for their seal (run flask audit seal)",
}


def _enough_space(path):
    """Is there at least HEALTH_MIN_FREE_MB free on the disk that holds `path` (or its parent)?"""
    path = Path(path)
    while not path.exists() and path != path.parent:
        path = path.parent
    free = shutil.disk_usage(path).free
    return free >= current_app.config["HEALTH_MIN_FREE_MB"] * 1024 * 1024


def _sqlite_write_probe(connection):
    """Rewrite the header's user_version with its own value inside a savepoint, then roll back:
    a read-only file, a `mode=ro` open or `PRAGMA query_only` refuse it; nothing is written."""
    raw = connection.connection.driver_connection
    version = raw.execute("PRAGMA user_version").fetchone()[0]
    raw.execute("SAVEPOINT healthz")
    try:
        raw.execute(f"PRAGMA user_version = {int(version)}")
    except sqlite3.OperationalError as error:
        if (error.sqlite_errorcode & 0xFF) != SQLITE_BUSY:  # busy: someone is writing, so it can
            raise
    finally:
        raw.execute("ROLLBACK TO healthz")
        raw.execute("RELEASE healthz")


def check_database():
    """Return "ok", "unreachable", "read-only" or "disk-full"."""
    try:
        with db.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
            if connection.dialect.name == "sqlite":
                _sqlite_write_probe(connection)
                database_file = db.engine.url.database or ""
                if database_file.startswith("file:"):  # a URI filename: file:PATH?mode=ro
                    database_file = database_file[5:].split("?")[0]
                if database_file and database_file != ":memory:" and not _enough_space(database_file):
                    return "disk-full"
            else:
                read_only = connection.execute(sa.text("SELECT current_setting('transaction_read_only')"))
                if read_only.scalar() == "on":
                    return "read-only"
    except (sa.exc.SQLAlchemyError, sqlite3.Error) as error:
        return unwritable_reason(error) or "unreachable"
    return "ok"


def check_attachments():
    """Return "ok", "unwritable" or "attachments-disk-full" for the attachment directory."""
    directory = Path(current_app.config["ATTACHMENT_DIR"])
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".healthz-") as probe:
            probe.write(b"ok")
            probe.flush()
    except OSError:
        return "unwritable"
    if not _enough_space(directory):
        return "attachments-disk-full"
    return "ok"


def check_audit_seal():
    """Return "ok", or "unsealed" when an audit entry has waited longer than the sealer's grace
    (chain.UNSEALED_GRACE): the sealer is stuck, or someone wrote around it."""
    try:
        with db.engine.connect() as connection:
            overdue = chain.oldest_overdue(connection)
    except (sa.exc.SQLAlchemyError, sqlite3.Error):
        return "ok"  # the database check reports an unreachable database
    return "unsealed" if overdue is not None else "ok"


def health():
    """Return (healthy, report): the report names each failing part and why, for operators.

    Unsealed audit entries are reported (status "degraded", with the reason) but do not make the
    server unhealthy: every server shares the database, so a load balancer would take them all out.
    """
    database = check_database()
    attachments = check_attachments()
    audit_log = check_audit_seal() if database == "ok" else "ok"
    report = {"status": "ok", "database": database}
    if attachments != "ok":
        report["attachments"] = attachments
    failures = [REASONS[state] for state in (database, attachments) if state != "ok"]
    if failures:
        report["status"] = "unavailable"
        report["reason"] = "; ".join(failures)
    if audit_log != "ok":
        report["audit_log"] = audit_log
        if not failures:
            report["status"] = "degraded"
            report["reason"] = REASONS[audit_log]
    return not failures, report
