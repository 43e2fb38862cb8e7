"""The database's refusal to change or remove audit entries (created by migration 0007).

An entry may be updated once, while it is being sealed (its `entry_hash` still empty); after that
UPDATE and DELETE fail on both databases. The triggers guard against mistakes and casual edits;
against someone who can drop them, the hash chain (`flask audit verify`) is the evidence.
"""

from contextlib import contextmanager

MESSAGE = "audit entries are append-only"

SQLITE_CREATE = (
    f"""CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
    WHEN OLD.entry_hash IS NOT NULL
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS audit_entries_no_update",
    "DROP TRIGGER IF EXISTS audit_entries_no_delete",
)
POSTGRESQL_CREATE = (
    f"""CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND OLD.entry_hash IS NULL THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$""",
    """CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()""",
)
POSTGRESQL_DROP = (
    "DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries",
    "DROP FUNCTION IF EXISTS audit_entries_append_only()",
)


def _statements(connection, create):
    if connection.dialect.name == "postgresql":
        return POSTGRESQL_CREATE if create else POSTGRESQL_DROP
    return SQLITE_CREATE if create else SQLITE_DROP


def create_triggers(connection):
    for statement in _statements(connection, create=True):
        connection.exec_driver_sql(statement)


def drop_triggers(connection):
    for statement in _statements(connection, create=False):
        connection.exec_driver_sql(statement)


@contextmanager
def protection_lifted(connection):
    """Drop the triggers for the duration, inside the caller's transaction (tests empty tables)."""
    drop_triggers(connection)
    try:
        yield connection
    finally:
        create_triggers(connection)
