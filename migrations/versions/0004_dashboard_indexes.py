"""dashboard indexes

Covering indexes for the barrier dashboard: each aggregate query reads one index in the order of
its grouping, so SQLite counts without sorting and PostgreSQL can use index-only scans.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

#: table -> [(index name, columns)]; the same indexes as the models' __table_args__.
INDEXES = {
    "barriers": [
        (
            "ix_barriers_dashboard_category",
            ["category_id", "raised_on", "status", "department_id", "stage", "initiative_id", "resolved_on"],
        ),
        (
            "ix_barriers_dashboard_counts",
            ["category_id", "department_id", "stage", "status", "raised_on", "initiative_id"],
        ),
        (
            "ix_barriers_dashboard_case",
            ["initiative_id", "status", "raised_on", "category_id", "department_id", "stage"],
        ),
    ],
    "helps": [
        (
            "ix_helps_dashboard_category",
            ["category_id", "status", "requested_on", "provider", "department_id", "initiative_id"],
        ),
    ],
    "help_effects": [
        ("ix_help_effects_effect_help_id", ["effect", "help_id", "barrier_id"]),
    ],
}


def upgrade():
    for table, indexes in INDEXES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, columns in indexes:
                batch_op.create_index(name, columns, unique=False)


def downgrade():
    for table, indexes in reversed(INDEXES.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _columns in reversed(indexes):
                batch_op.drop_index(name)
