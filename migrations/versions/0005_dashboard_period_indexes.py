"""dashboard period indexes

The dashboard's period filter (barriers by raised_on, helps by requested_on) and its joins from a
barrier to the helps that addressed it read these covering indexes instead of the table: each
replaces a one-column index that is a prefix of it. Measured at 100,000 cases on SQLite: the
barriers-per-neighbourhood query for one year 710 -> 350 ms, the barrier x help matrix for one
year 406 -> 232 ms (CPU time). Two of 0004's indexes change: the one led by the case gains
resolved_on, so the time to resolve for a neighbourhood or theme reads no table rows; the one led
by the help category follows the dashboard's grouping of helps (337 -> 90 ms unfiltered).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: (table, the index replaced with its columns, the covering index with its columns).
REPLACED = [
    (
        "barriers",
        ("ix_barriers_raised_on", ["raised_on"]),
        (
            "ix_barriers_dashboard_raised_on",
            ["raised_on", "status", "category_id", "department_id", "stage", "initiative_id", "resolved_on"],
        ),
    ),
    # 0004's index led by the case, now with resolved_on: the time to resolve for a neighbourhood
    # or theme reads the index alone instead of looking up every resolved barrier's row.
    (
        "barriers",
        (
            "ix_barriers_dashboard_case",
            ["initiative_id", "status", "raised_on", "category_id", "department_id", "stage"],
        ),
        (
            "ix_barriers_dashboard_case",
            ["initiative_id", "status", "raised_on", "category_id", "department_id", "stage", "resolved_on"],
        ),
    ),
    (
        "helps",
        ("ix_helps_requested_on", ["requested_on"]),
        (
            "ix_helps_dashboard_requested_on",
            ["requested_on", "status", "category_id", "provider", "department_id", "initiative_id"],
        ),
    ),
    # 0004's index led by the help category, reordered to the grouping of the dashboard's one pass
    # over the helps (category, status, decider), so it counts without sorting or table lookups.
    (
        "helps",
        (
            "ix_helps_dashboard_category",
            ["category_id", "status", "requested_on", "provider", "department_id", "initiative_id"],
        ),
        (
            "ix_helps_dashboard_category",
            ["category_id", "status", "provider", "department_id", "requested_on", "initiative_id"],
        ),
    ),
    (
        "help_effects",
        ("ix_help_effects_barrier_id", ["barrier_id"]),
        ("ix_help_effects_barrier_id_effect", ["barrier_id", "effect", "help_id"]),
    ),
]


def upgrade():
    for table, (old_name, _old_columns), (name, columns) in REPLACED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(old_name)
            batch_op.create_index(name, columns, unique=False)


def downgrade():
    for table, (old_name, old_columns), (name, _columns) in reversed(REPLACED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
            batch_op.create_index(old_name, old_columns, unique=False)
