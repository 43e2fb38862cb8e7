"""Declarative base, column types and per-connection database settings."""

import sqlite3
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.pool import SingletonThreadPool, StaticPool

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


def configure_sqlite(engine, busy_timeout_ms):
    """Set WAL, foreign keys and a busy timeout on every new connection of a SQLite engine, and keep
    the planner's statistics up to date with `PRAGMA optimize` as SQLite's documentation advises.

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
