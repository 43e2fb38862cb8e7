"""contact persons have a home address, taken from an e-mail's signature or typed in

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN, not a batch migration: on SQLite that would copy the table and lose
    # the triggers of migration 0011 on it.
    op.add_column("initiators", sa.Column("address", sa.String(200), nullable=False, server_default=""))


def downgrade():
    op.drop_column("initiators", "address")
