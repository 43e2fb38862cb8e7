"""The hash chain that makes the audit log tamper-evident.

Every entry's `entry_hash` is SHA-256 over a canonical serialisation of its fields plus the
`entry_hash` of the entry before it (by id). Appending is serialised, so the chain never forks:
PostgreSQL takes a transaction-scoped advisory lock before the insert; on SQLite one transaction
writes at a time, holding the database's write lock from its BEGIN IMMEDIATE (`core.db.writing`)
or else from the insert, and the predecessor is read after it, in the same transaction.

This module needs no app: migration 0007 uses it to seal the entries written before it.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

import sqlalchemy as sa

#: The `previous_hash` of the first entry.
GENESIS_HASH = "0" * 64
#: Key of the PostgreSQL advisory lock that serialises appends ("audit" in ASCII).
ADVISORY_LOCK_KEY = 0x6175646974
#: The fields the hash covers, in this order.
HASHED_FIELDS = (
    "id",
    "created_at",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "initiative_id",
    "outcome",
    "origin",
    "summary",
    "data",
    "previous_hash",
)
#: Rows read per query while verifying.
VERIFY_BATCH = 5000


def _timestamp(value):
    """The time as naive UTC with microseconds: what both databases store and give back."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds")


def _plain(value):
    """JSON as the database gives it back (tuples become lists, keys strings), for stable hashing."""
    return json.loads(json.dumps(value if value is not None else {}))


def canonical(fields):
    """The bytes the hash is computed over: the fields as sorted, compact JSON in UTF-8."""
    values = {
        "id": fields["id"],
        "created_at": _timestamp(fields["created_at"]),
        "actor_id": fields["actor_id"],
        "action": fields["action"],
        "object_type": fields["object_type"] or "",
        "object_id": fields["object_id"],
        "initiative_id": fields["initiative_id"],
        "outcome": str(getattr(fields["outcome"], "value", fields["outcome"])),
        "origin": fields["origin"] or "",
        "summary": fields["summary"] or "",
        "data": _plain(fields["data"]),
        "previous_hash": fields["previous_hash"],
    }
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(fields):
    return hashlib.sha256(canonical(fields)).hexdigest()


def fields_of(entry):
    return {name: getattr(entry, name) for name in HASHED_FIELDS}


def lock_for_append(session):
    """Make this transaction the only one appending until it ends (PostgreSQL; see the module)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.select(sa.func.pg_advisory_xact_lock(ADVISORY_LOCK_KEY)))


def previous_hash_before(session, entry_id):
    """The `entry_hash` of the newest entry before `entry_id`, or the genesis hash."""
    from initiatives.audit.models import AuditEntry

    found = session.scalar(
        sa.select(AuditEntry.entry_hash)
        .where(AuditEntry.id < entry_id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    return found or GENESIS_HASH


def seal(session, entry):
    """Chain a just-inserted (flushed) `entry` to its predecessor; the caller holds the lock."""
    entry.previous_hash = previous_hash_before(session, entry.id)
    entry.entry_hash = entry_hash(fields_of(entry))
    session.flush()


@dataclass
class Verification:
    checked: int = 0
    #: The id of the first entry that does not fit the chain, and why.
    broken_id: int | None = None
    problem: str = ""
    #: The newest entry checked: write its hash down elsewhere to notice a cut-off tail later.
    last_id: int | None = None
    last_hash: str = ""

    @property
    def intact(self):
        return self.broken_id is None


def audit_table():
    """The audit table as plain columns, so verifying needs no ORM objects (and no app)."""
    return sa.table(
        "audit_entries",
        sa.column("id", sa.Integer),
        sa.column("created_at", sa.DateTime),
        sa.column("actor_id", sa.Integer),
        sa.column("action", sa.String),
        sa.column("object_type", sa.String),
        sa.column("object_id", sa.Integer),
        sa.column("initiative_id", sa.Integer),
        sa.column("outcome", sa.String),
        sa.column("origin", sa.String),
        sa.column("summary", sa.Text),
        sa.column("data", sa.JSON),
        sa.column("previous_hash", sa.String),
        sa.column("entry_hash", sa.String),
    )


def iterate_entries(connection, batch=VERIFY_BATCH):
    """Yield every entry's columns as a mapping, oldest first, in keyset batches of `batch`."""
    table = audit_table()
    last_id = 0
    while True:
        rows = (
            connection.execute(sa.select(table).where(table.c.id > last_id).order_by(table.c.id).limit(batch))
            .mappings()
            .all()
        )
        if not rows:
            return
        yield from rows
        last_id = rows[-1]["id"]


def verify(connection, progress=None):
    """Check every entry's hash and link; stop at the first that does not fit.

    `progress(checked)` is called after each batch. A removed entry shows as a broken link at the
    entry after it; a changed one as a wrong hash at itself.
    """
    result = Verification()
    expected_previous = GENESIS_HASH
    for row in iterate_entries(connection):
        if row["previous_hash"] != expected_previous:
            result.broken_id = row["id"]
            result.problem = "previous_hash does not match the entry before it (removed or reordered)"
            return result
        if row["entry_hash"] != entry_hash(row):
            result.broken_id = row["id"]
            result.problem = "entry_hash does not match the entry's contents (changed)"
            return result
        expected_previous = row["entry_hash"]
        result.checked += 1
        result.last_id, result.last_hash = row["id"], row["entry_hash"]
        if progress is not None and result.checked % VERIFY_BATCH == 0:
            progress(result.checked)
    return result
