"""a file whose content an erasure deleted keeps its entry, marked as erased

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("attachments", sa.Column("erased_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("attachments") as batch_op:
        batch_op.drop_column("erased_at")
