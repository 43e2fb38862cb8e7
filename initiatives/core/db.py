"""Declarative base, column types, per-connection database settings, and how transactions begin."""

import re
import sqlite3
import warnings
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from operator import itemgetter
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.pool import SingletonThreadPool, StaticPool

from initiatives.core.writer_queue import WriterQueue

#: Stable constraint names, so Alembic can alter them on SQLite (batch mode) and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


#: Tables made by hand in migrations (full-text search), not by the models.
UNMANAGED_TABLES = ("initiative_search", "initiative_search_public")


def include_name(name, type_, parent_names):
    """For Alembic: leave the search tables (and FTS5's shadow tables) out of schema comparisons."""
    if type_ == "table":
        return not any(name == table or name.startswith(table + "_") for table in UNMANAGED_TABLES)
    return True


def utcnow():
    """Return the current time in UTC, timezone-aware."""
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """A timestamp stored as naive UTC and always returned timezone-aware.

    SQLite keeps no time zone, so storing UTC everywhere keeps both databases equal.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs a timezone-aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def enum_column_type(enum_class, name):
    """Return a portable column type for a str enum: VARCHAR plus a CHECK constraint."""
    return sa.Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum_class),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


#: The page cache of each connection (KiB) and how much of the file it may memory-map (bytes).
SQLITE_CACHE_KIB = 32 * 1024
SQLITE_MMAP_BYTES = 1024 * 1024 * 1024
#: How many rows of each index `PRAGMA optimize` may read when it runs ANALYZE (SQLite's advice).
SQLITE_ANALYSIS_LIMIT = 400


#: What the transactions begun in this context will do: WRITE, READ, or None (not declared).
_transaction_intent = ContextVar("transaction_intent", default=None)
WRITE = "write"
READ = "read"
#: A statement that changes rows (the check in `configure_sqlite` looks for these in reads).
_WRITING_STATEMENT = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


class WriteInReadTransaction(UserWarning):
    """A statement changed rows in a transaction declared as reading. On SQLite it fails at once
    ("database is locked", no busy timeout) whenever another transaction wrote since this one
    first read: write in `writing()`, or after the request (`unit_of_work.write_after_request`)."""


def declare_transactions(intent):
    """Declare what the transactions begun from now on in this context do (WRITE or READ); return
    the token that `undeclare_transactions` takes to restore the previous declaration."""
    return _transaction_intent.set(intent)


def undeclare_transactions(token):
    _transaction_intent.reset(token)


@contextmanager
def writing():
    """Begin the transactions inside as writers: on SQLite with BEGIN IMMEDIATE, which takes the
    database's one write lock (waiting up to the busy timeout) before the first read. A transaction
    that begins as a reader and then writes cannot wait for that lock: SQLite refuses it at once
    when another one wrote since it began. Also a decorator, for CLI commands that write."""
    token = declare_transactions(WRITE)
    try:
        yield
    finally:
        undeclare_transactions(token)


@contextmanager
def reading():
    """Begin the transactions inside as readers (plain BEGIN on SQLite), whatever the context."""
    token = declare_transactions(READ)
    try:
        yield
    finally:
        undeclare_transactions(token)


def begin_sqlite_transactions(engine, busy_timeout_ms):
    """Let SQLAlchemy, not the sqlite3 driver, begin every transaction of a SQLite engine: with
    BEGIN IMMEDIATE inside `writing()`, else with BEGIN (SQLAlchemy's recipe for pysqlite).

    The driver's own handling (Python 3.11) begins a transaction only before an INSERT, UPDATE or
    DELETE: reads before it see no snapshot, savepoints do not nest, and a write gets the lock
    only when it first writes. A statement that writes in a transaction declared as reading warns
    (`WriteInReadTransaction`); the tests turn that warning into an error. A process's writers
    take their turn for the lock in order (`writer_queue`).
    """
    queue = WriterQueue()
    timeout = busy_timeout_ms / 1000

    @event.listens_for(engine, "connect")
    def _driver_begins_nothing(dbapi_connection, connection_record):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection):
        if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
            connection.info["transaction_intent"] = None
            return
        intent = _transaction_intent.get()
        connection.info["transaction_intent"] = intent
        if intent != WRITE:
            connection.exec_driver_sql("BEGIN")
            return
        queue.acquire(timeout)
        connection.info["writer_turn"] = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _end_turn(connection.info)
            raise

    def _end_turn(info):
        if info.pop("writer_turn", False):
            queue.release()

    # The turn ends as the transaction does (the next writer then waits only for this commit), and
    # at the latest when the connection goes back to the pool, which rolls back what is left.
    @event.listens_for(engine, "commit")
    def _committed(connection):
        _end_turn(connection.info)

    @event.listens_for(engine, "rollback")
    def _rolled_back(connection):
        # An invalidated connection (a statement interrupted by Ctrl+C) has no info to read: its
        # turn ends as it goes back to the pool.
        if not connection.invalidated:
            _end_turn(connection.info)

    @event.listens_for(engine, "checkin")
    def _returned(dbapi_connection, connection_record):
        _end_turn(connection_record.info)

    @event.listens_for(engine, "before_cursor_execute")
    def _check_write(connection, cursor, statement, parameters, context, executemany):
        if connection.info.get("transaction_intent") == READ and _WRITING_STATEMENT.match(statement):
            warnings.warn(
                WriteInReadTransaction(f"{statement.split('(')[0][:80]} in a reading transaction"),
                stacklevel=2,
            )


def configure_sqlite(engine, busy_timeout_ms):
    """Set WAL, foreign keys and a busy timeout on every new connection of a SQLite engine, and keep
    the planner's statistics up to date with `PRAGMA optimize` as SQLite's documentation advises.
    Transactions begin as `begin_sqlite_transactions` says.

    On opening, `optimize=0x10002` checks every table (SQLite 3.46 and later; older versions only
    look at the tables this connection has queried, so it does nothing there). On closing, plain
    `optimize` runs ANALYZE, with a small analysis limit, on the tables the connection's queries
    would have planned better with statistics: a real database gets them without a manual ANALYZE.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # WAL lets readers go on while one writer writes; in-memory databases keep "memory".
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # SQLite's default page cache is 2 MB per connection; reads beyond it are system calls.
        # Memory-mapping the file lets a connection read pages straight from the OS page cache,
        # which the aggregates over hundreds of thousands of rows feel most (the dashboard:
        # 312 -> 253 ms). Mapped pages count in a worker's resident size, though they are the
        # OS's shared file cache; exports, which read most of the file once, map none.
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        cursor.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")
        cursor.execute("PRAGMA optimize = 0x10002")
        cursor.close()

    @event.listens_for(engine, "close")
    def _on_close(dbapi_connection, connection_record):
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
            cursor.execute("PRAGMA optimize")
            cursor.close()
        except sqlite3.Error:  # a busy or read-only database: the statistics can wait
            pass

    begin_sqlite_transactions(engine, busy_timeout_ms)


#: The page cache of the connection that loads in bulk (KiB): the indexes of a million demo cases
#: outgrow SQLITE_CACHE_KIB, and every insert then reads their pages back from the file.
SQLITE_BULK_CACHE_KIB = 1024 * 1024


@contextmanager
def bulk_loading(engine):
    """Load in bulk through `engine` inside: on SQLite, every connection it hands out meanwhile gets
    a page cache of SQLITE_BULK_CACHE_KIB and does not sync to disk (`synchronous = OFF`). A
    transaction already begun keeps the usual settings (SQLite changes them between transactions
    only): the next one gets them. Afterwards those connections are replaced by new ones, with the
    usual settings, as they are next handed out.

    Without syncing, a power cut (not a crash of the process) during the load can corrupt the
    database: for data that can be made again only (`flask demo-data`).
    """
    if engine.dialect.name != "sqlite":
        yield
        return
    changed = []

    def _bulk_settings(dbapi_connection, connection_record, connection_proxy):
        if connection_record in changed:
            return
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous = OFF")
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_BULK_CACHE_KIB}")
        cursor.close()
        changed.append(connection_record)

    event.listen(engine, "checkout", _bulk_settings)
    try:
        yield
    finally:
        event.remove(engine, "checkout", _bulk_settings)
        for connection_record in changed:
            connection_record.invalidate(soft=True)


#: PostgreSQL settings for every connection, as libpq's `options`. JIT compilation off: the
#: dashboard's aggregates read a few hundred thousand index entries, which puts their estimated
#: cost above jit_above_cost, and compiling them then takes longer than running them.
POSTGRESQL_OPTIONS = "-c jit=off"


@event.listens_for(sa.engine.Engine, "do_connect")
def _postgresql_settings(dialect, connection_record, cargs, cparams):
    """Add POSTGRESQL_OPTIONS to every new PostgreSQL connection of every engine (the same as
    `SET jit = off` after connecting, without the extra round trip), keeping any given options."""
    if dialect.name == "postgresql":
        cparams["options"] = f"{cparams.get('options', '')} {POSTGRESQL_OPTIONS}".strip()


class Versioned:
    """Optimistic locking: every UPDATE checks and raises the row's version.

    A form carries the version it was built from; saving over a newer version is refused
    instead of silently overwriting a colleague's edit.
    """

    version: Mapped[int] = mapped_column(default=1)

    #: False: operations raise `version` themselves, so only deliberate edits count as changes.
    automatic_versioning = True

    @declared_attr.directive
    def __mapper_args__(cls):
        if cls.automatic_versioning:
            return {"version_id_col": cls.version}
        return {"version_id_col": cls.version, "version_id_generator": False}


def reads_in_parallel(engine):
    """Whether a second connection of `engine` may read at the same time as the first: not for a
    database in memory, whose connections are one (or each a database of its own)."""
    if engine.dialect.name not in {"sqlite", "postgresql"}:
        return False
    if isinstance(engine.pool, (StaticPool, SingletonThreadPool)):
        return False
    return not (engine.dialect.name == "sqlite" and engine.url.database in {None, "", ":memory:"})


def contains_pattern(text):
    """A LIKE pattern (with `escape="\\"`) matching `text` anywhere, its % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class PreparedInsert(NamedTuple):
    """An INSERT in the driver's own terms: its statement and its rows as tuples of the values the
    driver takes (`prepare_insert`), to run with `insert_prepared`."""

    statement: str
    values: list


def prepare_insert(dialect, table, rows):
    """Return the PreparedInsert of `rows` (dicts with the same keys, values as the ORM takes them)
    into `table` for `dialect`, or None when a column left out has a default made per row (a
    timestamp: `insert_many` then inserts them the ordinary way).

    The columns' types convert the values (a timestamp to naive UTC, to text on SQLite), and the
    columns left out get their scalar defaults, once per column rather than through SQLAlchemy's
    per-row parameter handling, which took as long as the database took to insert them (`flask
    demo-data`). Needs no connection: a process that makes rows can prepare them for another.
    """
    keys = list(rows[0])
    missing = [column for column in table.c if column.key not in rows[0] and column.default is not None]
    if not all(column.default.is_scalar for column in missing):
        return None
    columns = [*(table.c[key] for key in keys), *missing]
    preparer = dialect.identifier_preparer
    bind_marker = "?" if dialect.paramstyle == "qmark" else "%s"  # qmark: sqlite3; format: psycopg
    statement = (
        f"INSERT INTO {preparer.format_table(table)} "  # noqa: S608 - the table's own names
        f"({', '.join(preparer.format_column(column) for column in columns)}) "
        f"VALUES ({', '.join([bind_marker] * len(columns))})"
    )
    if len(keys) > 1:
        by_column = list(zip(*map(itemgetter(*keys), rows), strict=True))
    else:
        by_column = [[row[keys[0]] for row in rows]]
    by_column += [[column.default.arg] * len(rows) for column in missing]
    for index, column in enumerate(columns):
        process = column.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            by_column[index] = list(map(process, by_column[index]))
    return PreparedInsert(statement, list(zip(*by_column, strict=True)))


def insert_prepared(connection, prepared):
    """Run a PreparedInsert with one executemany of the driver's."""
    connection.exec_driver_sql(prepared.statement, prepared.values)


def insert_many(connection, table, rows):
    """Insert `rows` (dicts with the same keys) into `table` in bulk, as `prepare_insert` says."""
    if not rows:
        return
    prepared = prepare_insert(connection.dialect, table, rows)
    if prepared is None:
        connection.execute(table.insert(), rows)
    else:
        insert_prepared(connection, prepared)
