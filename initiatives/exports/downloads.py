"""Answering an export request, for the pages and the API alike: check, log, then stream.

The request's unit of work commits (with the audit entries) when the handler returns, and the
request's session is gone before the body streams. The body reads with a session of its own,
closed when the stream ends or the client goes away; `stream_with_context` keeps the request
context (the locale) for it. It therefore holds no ORM object of the request, only ids.
"""

import tempfile
from contextlib import contextmanager

from flask import Response, stream_with_context
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import Session

from initiatives.core.access import require
from initiatives.core.dates import local_today
from initiatives.core.db import SQLITE_MMAP_BYTES, reading
from initiatives.exports.operations import may_export_personal_data, record_export
from initiatives.exports.queries import ReferenceData, count_cases
from initiatives.exports.writers import Export, csv_chunks, write_workbook
from initiatives.extensions import db

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv",  # Flask adds "; charset=utf-8"
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: Bytes per chunk when streaming the finished workbook.
CHUNK_SIZE = 256 * 1024


@contextmanager
def export_session():
    """A read-only session of the export's own, which sees one snapshot of the database for the
    whole export however long it takes: a case changed meanwhile is exported as it was before.

    On SQLite it reads without memory-mapping the file (`core.db.SQLITE_MMAP_BYTES`): an export
    reads most of the database once, and mapped pages count as the process's memory, which would
    then grow with the database instead of staying flat.
    """
    if db.engine.dialect.name == "postgresql":
        with Session(db.engine) as session:
            session.connection(
                execution_options={"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
            )
            yield session
        return
    with db.engine.connect() as connection:
        driver = connection.connection.driver_connection
        driver.execute("PRAGMA mmap_size = 0")  # outside a transaction, before it begins
        try:
            with Session(connection) as session:
                # A read transaction (plain BEGIN, `core.db`), also when the request writes: in
                # WAL mode it keeps one snapshot from its first read and blocks no writer. Closing
                # the session rolls it back.
                with reading():
                    session.connection()
                yield session
        finally:
            driver.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")


def csv_body(export):
    """The CSV as UTF-8 chunks."""
    with export_session() as session:
        yield from csv_chunks(export, session, ReferenceData(session))


def xlsx_body(export):
    """Write the workbook to a temporary file (gone when closed), then stream it in chunks."""
    with tempfile.TemporaryFile(prefix="bricoleur-export-", suffix=".xlsx") as file:
        with export_session() as session:
            write_workbook(file, export, session, ReferenceData(session))
        file.seek(0)
        while chunk := file.read(CHUNK_SIZE):
            yield chunk


def file_name(file_format, personal_data):
    stem = _("initiatives-with-personal-data") if personal_data else _("initiatives")
    return f"{stem}-{local_today().isoformat()}.{file_format}"


def export_response(file_format, filters, *, personal_data=False):
    """Log the export of the cases `filters` choose and answer it as a streamed download."""
    user = current_user._get_current_object()
    require(not personal_data or may_export_personal_data(user))
    rows = count_cases(db.session, filters, reader=user)
    record_export(user, file_format=file_format, filters=filters, personal_data=personal_data, rows=rows)
    export = Export(filters, user.id, personal_data=personal_data)
    body = csv_body(export) if file_format == CSV else xlsx_body(export)
    return Response(
        stream_with_context(body),
        mimetype=CONTENT_TYPES[file_format],
        headers={
            "Content-Disposition": f'attachment; filename="{file_name(file_format, personal_data)}"',
            "Cache-Control": "no-store",
        },
    )
