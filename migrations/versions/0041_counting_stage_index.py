"""counting stage index: the cases that count (not withdrawn, not merged) per stage

The secretary's start page counts the open cases that count: at a million cases SQLite read each
of some 600,000 rows to see whether it was withdrawn or merged (440 ms). A partial index of
the stage of the cases that count answers it from the index alone.

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-07

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0041"
down_revision = "0040"
branch_labels = None
depends_on = None

COUNTING = "withdrawn_at IS NULL AND merged_into_id IS NULL"


def upgrade():
    op.create_index(
        "ix_initiatives_counting_stage",
        "initiatives",
        ["stage"],
        sqlite_where=sa.text(COUNTING),
        postgresql_where=sa.text(COUNTING),
    )


def downgrade():
    op.drop_index("ix_initiatives_counting_stage", table_name="initiatives")
