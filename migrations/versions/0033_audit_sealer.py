"""audit sealer: each entry's place in the hash chain (audit_entries.chain_position, unique).

Entries are now written unsealed and chained afterwards by one sealer at a time (see
initiatives/audit/chain.py), so that writers on PostgreSQL no longer wait for one global lock.
The chain's order is `chain_position` (1, 2, 3, ...), given at sealing; the entries sealed before
this migration keep their hashes and get their positions in order of id, as they were chained.
Entries without a seal (none are expected) are left for the sealer.

One nullable column, added as it is (no table copy on SQLite, so the triggers of migration 0007
stay); the positions are filled with those triggers lifted for the statement.

Downgrade removes the column and chains every entry again in order of id (on PostgreSQL the
sealer may have chained them in order of commit), so the hashes written down since change.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-07

"""

import sqlalchemy as sa
from alembic import op

from initiatives.audit import chain, protection

# revision identifiers, used by Alembic.
revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None

INDEX = "ix_audit_entries_chain_position"


def upgrade():
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chain_position", sa.Integer(), nullable=True))
    connection = op.get_bind()
    protection.drop_triggers(connection)
    # UPDATE ... FROM: PostgreSQL, and SQLite from 3.33 on.
    connection.exec_driver_sql(
        """UPDATE audit_entries SET chain_position = numbered.position
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS position
              FROM audit_entries WHERE entry_hash IS NOT NULL) AS numbered
        WHERE audit_entries.id = numbered.id"""
    )
    protection.create_triggers(connection)
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index(INDEX, ["chain_position"], unique=True)


def _chain_by_id(connection):
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


def downgrade():
    connection = op.get_bind()
    protection.drop_triggers(connection)
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index(INDEX)
        batch_op.drop_column("chain_position")
    _chain_by_id(connection)
    protection.create_triggers(connection)
