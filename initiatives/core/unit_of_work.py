"""One unit of work per request: handlers and operations flush, this module commits.

A response below 400 commits everything the request flushed; an error response or an
exception rolls it all back, so a failed request never leaves half-saved records.

A request that changes data (POST, PUT, PATCH, DELETE, or a view marked `writes_database`)
begins its transaction as a writer, which on SQLite takes the write lock before its first read
(`core.db.writing`); any other request reads. What a reading request must still write (its audit
entries, the last use of a session or token) waits for `write_after_request`: once its reads are
done, it is written in a short write transaction of its own.

A writing request whose handler first does long work that needs no lock (reading an uploaded
e-mail of thousands of parts) is marked `reads_first`: it reads until its handler calls
`begin_writing()`, and only from there on holds the write lock, so that no one else's write waits
for that work.
"""

import logging

from flask import current_app, g, has_request_context, request

from initiatives.core.db import READ, WRITE, declare_transactions, undeclare_transactions, writing
from initiatives.extensions import db

#: The methods whose requests change data.
WRITING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

logger = logging.getLogger(__name__)


def writes_database(view):
    """Mark a view that changes data although its method is GET (e.g. a single sign-on callback)."""
    view.writes_database = True
    return view


def reads_first(view):
    """Mark a view whose writing request reads (takes no write lock) until it calls
    `begin_writing()`: one that does long work first, which must not keep others from writing."""
    view.reads_first = True
    return view


def _writes_from_the_start():
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "reads_first", False):
        return False
    return request.method in WRITING_METHODS or getattr(view, "writes_database", False)


def is_writing_request():
    """Whether this request's transactions write (a `reads_first` one's once it began writing)."""
    if "request_writes" not in g:
        return _writes_from_the_start()
    return g.request_writes


def declare_request_transactions():
    """Before anything reads: declare whether this request's transactions write or read."""
    g.request_writes = _writes_from_the_start()
    g.transactions_token = declare_transactions(WRITE if g.request_writes else READ)


def begin_writing():
    """In a `reads_first` request: end the reading transaction and write from here on (on SQLite
    the next statement waits for the write lock). Nothing may have been changed before. Objects
    read so far are read again when next used, in the writing transaction."""
    if g.get("request_writes", True):
        return
    if db.session.new or db.session.dirty or db.session.deleted:
        raise RuntimeError("a reads_first request changed rows before it began writing")
    db.session.rollback()  # a reading transaction cannot become a writing one on SQLite
    undeclare_transactions(g.pop("transactions_token"))
    g.transactions_token = declare_transactions(WRITE)
    g.request_writes = True


def write_after_request(write, *, required=True):
    """Have `write` (a function that adds or changes rows) run once the request's work is done.

    A `required` write (an audit entry) runs, in a writing request that succeeds, in the request's
    transaction before the commit; otherwise after the commit or rollback, in a short write
    transaction of its own: a failed request's changes go, its entries stay. When it fails, a
    successful request fails too (a read that cannot be logged must not be answered).

    Bookkeeping (`required=False`: the last use of a session or token) always runs in a short
    transaction of its own, last: it then holds its row's lock alone, never while waiting for
    another lock (on PostgreSQL two requests could otherwise wait for each other). When it fails
    it is logged and left for a next request. Outside a request, `write` runs at once.
    """
    if not has_request_context():
        write()
        return
    g.setdefault("writes_after_request", []).append((write, required))


def finish_unit_of_work(response):
    """Commit the request's changes when it succeeded, roll them back otherwise; then write what
    waits for the end of the request."""
    writes = g.pop("writes_after_request", [])
    required = [write for write, is_required in writes if is_required]
    bookkeeping = [write for write, is_required in writes if not is_required]
    succeeded = response.status_code < 400
    if succeeded and required and is_writing_request():
        for write in required:
            write()
        required = []
    if succeeded:
        db.session.commit()
    else:
        db.session.rollback()
    if required:
        _write_on_their_own(required, must_succeed=succeeded)
    if bookkeeping:
        _write_on_their_own(bookkeeping, must_succeed=False)
    return response


def _write_on_their_own(writes, *, must_succeed):
    try:
        with writing():
            for write in writes:
                write()
            db.session.commit()
    except Exception:
        db.session.rollback()
        if must_succeed:
            raise
        logger.exception("could not write what %s %s left to write", request.method, request.path)


def discard_unit_of_work(exception=None):
    """Roll back whatever an exception left behind before the session is removed."""
    if exception is not None:
        db.session.rollback()
    token = g.pop("transactions_token", None)
    if token is not None:
        undeclare_transactions(token)


def register_unit_of_work(app):
    # Before every other hook: the access check's user loader reads already.
    app.before_request_funcs.setdefault(None, []).insert(0, declare_request_transactions)
    app.after_request(finish_unit_of_work)
    app.teardown_request(discard_unit_of_work)
