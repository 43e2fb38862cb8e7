"""Reading the cases of an export a batch at a time, all in one snapshot of the database.

`case_batches` yields `Batch`es: the rows of the next cases (keyset pagination on the id), and
a way to read their details (`Batch.read`). On PostgreSQL a second connection in the export's
snapshot reads the next batch ahead (`_read_ahead`): the database server works on it while this
thread writes the current one, instead of both taking turns.
"""

import contextlib
import queue
import re
import threading

import sqlalchemy as sa

from initiatives.cases.models import Initiative
from initiatives.cases.queries import filtered_cases
from initiatives.challenges.models import Challenge
from initiatives.exports import queries
from initiatives.exports.models import PublicCaseTexts

#: How the id of an exported PostgreSQL snapshot looks ("00000003-0000001B-1").
_SNAPSHOT_ID = re.compile(r"[0-9A-F]+(-[0-9A-F]+)+")


def case_batches(session, filters, batch_size=None, *, reader=None, public_copies=True, counts=True):
    """Yield `Batch`es of the cases `filters` choose, in id order, `batch_size` at a time
    (`queries.BATCH_SIZE`); their texts as the public copies have them, where they do and
    `public_copies` asks for them; their counts of details if asked for (`queries.case_columns`).
    `reader` searches (`filtered_cases`; None: one who may see no case's contact details).

    The session must read in one snapshot (`downloads.export_session`).
    """
    connection = session.connection()
    query = (
        filtered_cases(session, filters, reader=reader)
        .with_only_columns(*queries.case_columns(public_copies, counts))
        .outerjoin(PublicCaseTexts, PublicCaseTexts.initiative_id == Initiative.id)
        .outerjoin(Challenge, Challenge.initiative_id == Initiative.id)
        .where(Initiative.id > sa.bindparam("batch_after"))
        .order_by(None)
        .order_by(Initiative.id)
        .limit(batch_size or queries.BATCH_SIZE)
    )
    if connection.dialect.name == "postgresql":
        yield from _read_ahead(connection, query)
        return
    for rows in _case_rows(connection, query):
        yield Batch(connection, rows)


def _case_rows(connection, query):
    last_id = 0
    while rows := queries.fetch(connection, query, {"batch_after": last_id}):
        yield rows
        last_id = rows[-1][0]


class Batch:
    """The rows of a batch of cases (`queries.case_columns`), and how to read the rows of their
    details; those read ahead already (`read_ahead`) are handed over, the others are read now
    and noted in `wanted` (if given), so that the next batches are read with them."""

    def __init__(self, connection, rows, read_ahead=None, wanted=None):
        self.connection = connection
        self.rows = rows
        self.ids = [row[0] for row in rows]
        self.first, self.last = self.ids[0], self.ids[-1]
        # A dense batch (most ids of its range) is read as a range, which the indexes answer
        # fastest, skipping the rows of cases outside the batch; a sparse one by its ids.
        self.is_dense = self.last - self.first < 2 * len(rows)
        self.is_whole_range = self.last - self.first + 1 == len(rows)
        self._read_ahead = read_ahead or {}
        self._wanted = wanted

    def read(self, query):
        """The rows of `query` (a `queries.BatchQuery`) of the batch's cases."""
        rows = self._read_ahead.pop(query, None)
        if rows is not None:
            return rows
        if self._wanted is not None:
            self._wanted.add(query)
        return self.read_from(self.connection, query)

    def read_from(self, connection, query):
        if self.is_dense:
            rows = queries.fetch(
                connection, query.by_range, {"batch_first": self.first, "batch_last": self.last}
            )
        else:
            rows = queries.fetch(connection, query.by_ids, {"batch_ids": self.ids})
        if self.is_dense and not self.is_whole_range:
            ids = set(self.ids)
            rows = [row for row in rows if row[0] in ids]
        return rows

    def initiators(self):
        """Case id -> its initiators' (case id, name, e-mail, phone, organisation) rows."""
        return queries.by_case(self.read(queries.INITIATORS))


class _WantedQueries:
    """The detail queries the batches have read so far, in the order first read; shared between
    the export's thread, which adds to them, and the reader's, which reads them ahead."""

    def __init__(self):
        self._lock = threading.Lock()
        self._queries = {}

    def add(self, query):
        with self._lock:
            self._queries[query] = None

    def now(self):
        with self._lock:
            return list(self._queries)


#: What the reader puts in the queue after the last batch.
_DONE = object()


def _read_ahead(connection, query):
    """Yield the batches of `query` as `case_batches` does, read one batch ahead by a thread with
    a connection of its own in the snapshot of `connection` (PostgreSQL, REPEATABLE READ).

    A batch's details are read ahead when an earlier batch has read them (`_WantedQueries`): the
    reader waits with the second batch's details until the first has been written, which shows
    what the writer reads. The reader reads a batch once the writer has taken the one before
    (`Queue.join`): two batches in memory at most. A failure of the reader is raised here; when
    the export stops early (the client went away), the reader stops at its next step.
    """
    snapshot, isolation = connection.exec_driver_sql(
        "SELECT pg_export_snapshot(), current_setting('transaction_isolation')"
    ).one()
    if isolation not in ("repeatable read", "serializable"):  # else the snapshot is one statement's
        raise RuntimeError(f"an export must read in one snapshot, not in {isolation}")
    wanted = _WantedQueries()
    ready = queue.Queue(maxsize=1)
    learned, stop = threading.Event(), threading.Event()
    reader = threading.Thread(
        target=_read_batches,
        args=(connection.engine, snapshot, query, wanted, ready, learned, stop),
        name="export-read-ahead",
        daemon=True,
    )
    reader.start()
    try:
        while (item := _take(ready)) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            # A statement per batch on this connection too: else it would idle in its transaction
            # for the whole export, and idle_in_transaction_session_timeout may end it.
            connection.exec_driver_sql("SELECT 1")
            rows, read_ahead = item
            yield Batch(connection, rows, read_ahead, wanted)
            learned.set()
    finally:
        stop.set()
        learned.set()
        if threading.current_thread() is not reader:
            while reader.is_alive():  # take what it may be handing over, so that it sees `stop`
                with contextlib.suppress(queue.Empty):
                    _take(ready, timeout=0.05)
            reader.join()


def _take(ready, timeout=None):
    """The next item of the reader, telling it that it may read the next batch."""
    item = ready.get(timeout=timeout)
    ready.task_done()
    return item


def _read_batches(engine, snapshot, query, wanted, ready, learned, stop):
    """The reader's thread: put (rows, {detail query: rows}) per batch into `ready`, then `_DONE`;
    or the exception that stopped it. From the second batch on it reads the details `wanted`,
    once the first batch has been written (`learned`)."""
    try:
        if not _SNAPSHOT_ID.fullmatch(snapshot):
            raise ValueError(f"unexpected snapshot id {snapshot!r}")
        with engine.connect() as connection:
            connection = connection.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
            # The first statement of the transaction: from here on it sees what the export sees.
            connection.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
            for number, rows in enumerate(_case_rows(connection, query)):
                if number == 1:
                    learned.wait()
                if stop.is_set():
                    return
                batch = Batch(connection, rows)
                read_ahead = {detail: batch.read_from(connection, detail) for detail in wanted.now()}
                ready.put((rows, read_ahead))
                ready.join()  # until the writer has taken it
                if stop.is_set():
                    return
            ready.put(_DONE)
    except BaseException as error:  # carried over to the export's thread, which raises it
        ready.put(error)
