"""Audit log hash chain

Tamper-evident audit log: every entry carries the hash of its predecessor and its own hash;
triggers refuse UPDATE (of sealed entries) and DELETE; indexes for the audit page's filters,
each ending in `id` so "newest first" reads one index backwards. Entries written before this
migration are sealed here, oldest first, with the same hash function as the app.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

"""

import sqlalchemy as sa
from alembic import op

from initiatives.audit import chain, protection

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

NEW_INDEXES = {
    "ix_audit_entries_object": ["object_type", "object_id", "id"],
    "ix_audit_entries_actor": ["actor_id", "id"],
    "ix_audit_entries_action": ["action", "id"],
    "ix_audit_entries_outcome": ["outcome", "id"],
    "ix_audit_entries_initiative": ["initiative_id", "id"],
}
OLD_INDEXES = {
    "ix_audit_entries_object": ["object_type", "object_id"],
    "ix_audit_entries_actor_id": ["actor_id"],
    "ix_audit_entries_action": ["action"],
    "ix_audit_entries_initiative_id": ["initiative_id"],
}


def _seal_existing_entries(connection):
    table = chain.audit_table()
    previous = chain.GENESIS_HASH
    for row in list(chain.iterate_entries(connection)):
        fields = {**row, "previous_hash": previous}
        previous = chain.entry_hash(fields)
        connection.execute(
            table.update()
            .where(table.c.id == row["id"])
            .values(previous_hash=fields["previous_hash"], entry_hash=previous)
        )


def upgrade():
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("previous_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("entry_hash", sa.String(length=64), nullable=True))
        for name in OLD_INDEXES:
            batch_op.drop_index(name)
        for name, columns in NEW_INDEXES.items():
            batch_op.create_index(name, columns, unique=False)

    connection = op.get_bind()
    _seal_existing_entries(connection)
    protection.create_triggers(connection)


def downgrade():
    protection.drop_triggers(op.get_bind())
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        for name in NEW_INDEXES:
            batch_op.drop_index(name)
        for name, columns in OLD_INDEXES.items():
            batch_op.create_index(name, columns, unique=False)
        batch_op.drop_column("entry_hash")
        batch_op.drop_column("previous_hash")
