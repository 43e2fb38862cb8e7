"""merges: a duplicate case merged into another (initiatives.merged_into_id, indexed), the
timeline entries that came with it (activities.merged_from_id) and the merges themselves: from,
into, who asked and why, who confirmed or declined, who undid it and why, and what moved.

initiatives and activities carry the triggers of migrations 0011 and 0012, so their columns are
added with a plain ADD COLUMN and their foreign keys inline (SQLite accepts a column constraint
there, and drops the column with it); the merges are a new table, the same on SQLite and PostgreSQL.

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-07

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None

#: (table, column): each a nullable reference to a case.
CASE_COLUMNS = (("initiatives", "merged_into_id"), ("activities", "merged_from_id"))


def _is_sqlite():
    return op.get_bind().dialect.name == "sqlite"


def upgrade():
    for table, column in CASE_COLUMNS:
        foreign_key = f"fk_{table}_{column}_initiatives"
        if _is_sqlite():
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN {column} INTEGER "
                f"CONSTRAINT {foreign_key} REFERENCES initiatives (id)"
            )
        else:
            op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
            op.create_foreign_key(foreign_key, table, "initiatives", [column], ["id"])
    op.create_index(op.f("ix_initiatives_merged_into_id"), "initiatives", ["merged_into_id"], unique=False)

    op.create_table(
        "merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_id", sa.Integer(), nullable=False),
        sa.Column("into_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("declined_by_id", sa.Integer(), nullable=True),
        sa.Column("declined_at", sa.DateTime(), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=False),
        sa.Column("undone_by_id", sa.Integer(), nullable=True),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.Column("undo_reason", sa.Text(), nullable=False),
        sa.Column("moved", sa.JSON(), nullable=False),
        sa.CheckConstraint("from_id <> into_id", name=op.f("ck_merges_two_cases")),
        sa.CheckConstraint(
            "confirmed_at IS NULL OR declined_at IS NULL", name=op.f("ck_merges_confirmed_or_declined")
        ),
        sa.CheckConstraint(
            "undone_at IS NULL OR confirmed_at IS NOT NULL", name=op.f("ck_merges_undoes_a_merge")
        ),
        sa.ForeignKeyConstraint(
            ["from_id"], ["initiatives.id"], name=op.f("fk_merges_from_id_initiatives"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["into_id"], ["initiatives.id"], name=op.f("fk_merges_into_id_initiatives"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["requested_by_id"], ["users.id"], name=op.f("fk_merges_requested_by_id_users")),
        sa.ForeignKeyConstraint(["confirmed_by_id"], ["users.id"], name=op.f("fk_merges_confirmed_by_id_users")),
        sa.ForeignKeyConstraint(["declined_by_id"], ["users.id"], name=op.f("fk_merges_declined_by_id_users")),
        sa.ForeignKeyConstraint(["undone_by_id"], ["users.id"], name=op.f("fk_merges_undone_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merges")),
    )
    op.create_index(op.f("ix_merges_from_id"), "merges", ["from_id"], unique=False)
    op.create_index(op.f("ix_merges_into_id"), "merges", ["into_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_merges_into_id"), table_name="merges")
    op.drop_index(op.f("ix_merges_from_id"), table_name="merges")
    op.drop_table("merges")
    op.drop_index(op.f("ix_initiatives_merged_into_id"), table_name="initiatives")
    for table, column in reversed(CASE_COLUMNS):
        if not _is_sqlite():
            op.drop_constraint(f"fk_{table}_{column}_initiatives", table, type_="foreignkey")
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
