"""The hash chain that makes the audit log tamper-evident.

Every entry's `entry_hash` is SHA-256 over a canonical serialisation of its fields plus the
`entry_hash` of the entry before it in the chain (`previous_hash`). Its place in the chain is
`chain_position` (1, 2, 3, ... without gaps), given when it is sealed.

Writers do not wait for one another to append: an entry is inserted unsealed (no position, no
hashes) with the change it describes, and sealed afterwards by `seal_pending`, which takes the
unsealed entries it can see in order of id and chains them after the last sealed one. Only one
sealer works at a time, so the chain never forks:

- PostgreSQL: after its commit, the writer tries the advisory lock (`seal_after_commit`); when
  another sealer holds it, that one seals this entry too, since a sealer looks again once it has
  let go of the lock. A sealer holds the lock only while sealing one batch, in a short transaction
  of its own. Entries of transactions still open are invisible to it and get the next position
  once committed, so on PostgreSQL the chain's order is its order of commits, not always of ids.
- SQLite: one transaction writes at a time, so the writer seals its entries in its own
  transaction, just before the commit (`seal_pending` on the session's connection).

`flask audit seal` seals whatever is left (a sweep, e.g. every minute from a timer); an entry left
unsealed for over a minute (UNSEALED_GRACE) is an error for `flask audit verify` and `/healthz`.

This module needs no app: migrations 0007 and 0033 use it to seal the entries written before them.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

#: The `previous_hash` of the first entry.
GENESIS_HASH = "0" * 64
#: Key of the PostgreSQL advisory lock that only one sealer holds at a time ("audit" in ASCII).
ADVISORY_LOCK_KEY = 0x6175646974
#: Entries one sealer transaction seals at most, so that it holds the lock only briefly.
SEAL_BATCH = 500
#: Rounds a writer's sealer goes on while others keep committing entries, before it leaves the
#: rest to the next writer or the sweep (its own request waits for it).
SEAL_ROUNDS = 5
#: How long an entry may stay unsealed before verify and /healthz count it as a fault.
UNSEALED_GRACE = timedelta(minutes=1)
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


def last_sealed(connection):
    """(position, entry_hash) of the newest sealed entry, or (0, GENESIS_HASH) for an empty chain."""
    table = chain_table()
    row = connection.execute(
        sa.select(table.c.chain_position, table.c.entry_hash)
        .where(table.c.chain_position.is_not(None))
        .order_by(table.c.chain_position.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row is not None else (0, GENESIS_HASH)


def seal_pending(connection, batch=SEAL_BATCH):
    """Seal up to `batch` unsealed entries this transaction can see, oldest id first; return how
    many. The caller makes this the only sealer (SQLite's write lock, PostgreSQL's advisory lock)."""
    table = chain_table()
    rows = (
        connection.execute(
            sa.select(table).where(table.c.chain_position.is_(None)).order_by(table.c.id).limit(batch)
        )
        .mappings()
        .all()
    )
    if not rows:
        return 0
    position, previous = last_sealed(connection)
    seals = []
    for row in rows:
        position += 1
        fields = {**row, "previous_hash": previous}
        previous = entry_hash(fields)
        seals.append(
            {"key": row["id"], "position": position, "previous": fields["previous_hash"], "hash": previous}
        )
    connection.execute(
        table.update()
        .where(table.c.id == sa.bindparam("key"), table.c.chain_position.is_(None))
        .values(
            chain_position=sa.bindparam("position"),
            previous_hash=sa.bindparam("previous"),
            entry_hash=sa.bindparam("hash"),
        ),
        seals,
    )
    return len(rows)


def try_sealing_lock(connection):
    """Take the sealer's advisory lock for this transaction if no one has it (PostgreSQL)."""
    return connection.scalar(sa.select(sa.func.pg_try_advisory_xact_lock(ADVISORY_LOCK_KEY)))


def wait_for_sealing_lock(connection):
    """Take the sealer's advisory lock for this transaction, waiting for it (PostgreSQL)."""
    connection.execute(sa.select(sa.func.pg_advisory_xact_lock(ADVISORY_LOCK_KEY)))


def any_unsealed(connection):
    table = chain_table()
    return connection.scalar(sa.select(sa.exists().where(table.c.chain_position.is_(None))))


def seal_after_commit(engine, rounds=SEAL_ROUNDS):
    """Seal what is pending on PostgreSQL without waiting for another sealer; return how many.

    A writer calls this after its commit. When the lock is taken, its holder seals this writer's
    entries: every holder looks again once it has let go (after its commit), so an entry committed
    before a failed try is seen by the holder that made it fail, or by one after it.
    """
    sealed = 0
    for _round in range(rounds):
        with engine.begin() as connection:
            if not try_sealing_lock(connection):
                return sealed
            sealed += seal_pending(connection)
        with engine.connect() as connection:
            if not any_unsealed(connection):
                return sealed
    return sealed


def seal_all(engine, progress=None):
    """Seal every pending entry in batches, waiting for the lock if another sealer has it (the
    sweep, `flask audit seal`); return how many. On SQLite each batch is a writing transaction."""
    from initiatives.core.db import writing

    sealed = 0
    while True:
        with writing(), engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                wait_for_sealing_lock(connection)
            count = seal_pending(connection)
        sealed += count
        if progress is not None and count:
            progress(sealed)
        if count < SEAL_BATCH:
            return sealed


def oldest_overdue(connection, now=None):
    """(id, created_at) of the oldest entry unsealed for longer than UNSEALED_GRACE, or None."""
    table = chain_table()
    limit = (now or datetime.now(UTC)).replace(tzinfo=None) - UNSEALED_GRACE
    row = connection.execute(
        sa.select(table.c.id, table.c.created_at)
        .where(table.c.chain_position.is_(None), table.c.created_at < limit)
        .order_by(table.c.id)
        .limit(1)
    ).first()
    return tuple(row) if row is not None else None


@dataclass
class Verification:
    checked: int = 0
    #: The id of the first entry that does not fit the chain, and why.
    broken_id: int | None = None
    problem: str = ""
    #: The newest entry checked: write its hash down elsewhere to notice a cut-off tail later.
    last_id: int | None = None
    last_hash: str = ""
    #: Entries not sealed yet, all within UNSEALED_GRACE (a sealer is about to chain them).
    unsealed: int = 0

    @property
    def intact(self):
        return self.broken_id is None


def audit_table():
    """The audit table as plain columns, so verifying needs no ORM objects (and no app); as it was
    from migration 0007 on (migration 0007 reads it so)."""
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


def chain_table():
    """The audit table with each entry's place in the chain (from migration 0033 on)."""
    table = audit_table()
    table.append_column(sa.column("chain_position", sa.Integer))
    return table


def iterate_entries(connection, batch=VERIFY_BATCH):
    """Yield every entry's columns as a mapping, oldest id first, in keyset batches of `batch`."""
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


def iterate_chain(connection, batch=VERIFY_BATCH):
    """Yield the sealed entries' columns as mappings in the chain's order, in keyset batches."""
    table = chain_table()
    last_position = 0
    while True:
        rows = (
            connection.execute(
                sa.select(table)
                .where(table.c.chain_position > last_position)
                .order_by(table.c.chain_position)
                .limit(batch)
            )
            .mappings()
            .all()
        )
        if not rows:
            return
        yield from rows
        last_position = rows[-1]["chain_position"]


def verify(connection, progress=None, now=None):
    """Check every sealed entry's hash and link in the chain's order, then that no entry waits
    for its seal longer than UNSEALED_GRACE; stop at the first that does not fit.

    `progress(checked)` is called after each batch. A removed entry shows as a broken link (and a
    gap in the positions) at the entry after it; a changed one as a wrong hash at itself. Entries
    sealed within the grace are counted in `unsealed`, not held against the chain.
    """
    result = Verification()
    expected_previous = GENESIS_HASH
    expected_position = 1
    for row in iterate_chain(connection):
        if row["previous_hash"] != expected_previous or row["chain_position"] != expected_position:
            result.broken_id = row["id"]
            result.problem = "previous_hash does not match the entry before it (removed or reordered)"
            return result
        if row["entry_hash"] != entry_hash(row):
            result.broken_id = row["id"]
            result.problem = "entry_hash does not match the entry's contents (changed)"
            return result
        expected_previous = row["entry_hash"]
        expected_position += 1
        result.checked += 1
        result.last_id, result.last_hash = row["id"], row["entry_hash"]
        if progress is not None and result.checked % VERIFY_BATCH == 0:
            progress(result.checked)
    table = chain_table()
    outside = connection.scalar(
        sa.select(sa.func.min(table.c.id)).where(
            table.c.chain_position.is_(None), table.c.entry_hash.is_not(None)
        )
    )
    if outside is not None:
        result.broken_id = outside
        result.problem = "entry has hashes but no place in the chain (sealed outside it)"
        return result
    overdue = oldest_overdue(connection, now)
    if overdue is not None:
        result.broken_id = overdue[0]
        result.problem = f"entry not sealed for over {int(UNSEALED_GRACE.total_seconds())} seconds (unsealed)"
        return result
    result.unsealed = connection.scalar(
        sa.select(sa.func.count()).select_from(table).where(table.c.chain_position.is_(None))
    )
    return result
