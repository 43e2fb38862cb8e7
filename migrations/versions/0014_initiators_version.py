"""contact persons have a version, so that saving over a colleague's edit is refused

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN, not a batch migration: on SQLite that would copy the table and lose
    # the triggers of migration 0011 on it.
    op.add_column("initiators", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade():
    op.drop_column("initiators", "version")
