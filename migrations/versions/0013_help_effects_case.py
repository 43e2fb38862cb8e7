"""dashboard: help effects know their case

help_effects gain the case of their help and barrier (the same case; filled from the helps here
and set by the application when an effect is made), so that the barrier x help matrix and the
count of helps that resolved a barrier, filtered by theme, read one covering index and the cases
of the theme instead of every barrier or help (PostgreSQL, 100,000 cases: 97 -> 13 ms and
69 -> 14 ms; the theme view 302 -> 249 ms). The two dashboard indexes of the effects (0010) gain
it as their last column.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

#: 0010's indexes of the effects, by their columns then.
INDEXES = {
    "ix_help_effects_dashboard": ["effect", "barrier_category_id", "help_category_id", "barrier_id", "help_id"],
    "ix_help_effects_dashboard_help": ["effect", "help_category_id", "help_id", "barrier_id"],
}


def upgrade():
    with op.batch_alter_table("help_effects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("initiative_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE help_effects SET initiative_id = "
        "(SELECT helps.initiative_id FROM helps WHERE helps.id = help_effects.help_id)"
    )
    with op.batch_alter_table("help_effects", schema=None) as batch_op:
        batch_op.alter_column("initiative_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_help_effects_initiative_id_initiatives"),
            "initiatives",
            ["initiative_id"],
            ["id"],
            ondelete="CASCADE",
        )
        for name, columns in INDEXES.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, [*columns, "initiative_id"], unique=False)
    op.execute("ANALYZE help_effects")


def downgrade():
    with op.batch_alter_table("help_effects", schema=None) as batch_op:
        for name, columns in INDEXES.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, columns, unique=False)
        batch_op.drop_constraint(batch_op.f("fk_help_effects_initiative_id_initiatives"), type_="foreignkey")
        batch_op.drop_column("initiative_id")
