"""mistakes users undo: a case withdrawn or left out of the council report, a timeline entry
voided or corrected, a file removed; a closed case keeps no follow-up date

- initiatives.withdrawn_at (indexed: the lists and figures leave withdrawn cases out) and
  in_council_report; `withdrawals` holds each withdrawal and taking back with its reason.
- activities.voided_at, voided_by_id and void_reason; `activity_corrections` keeps a note as it
  was before each correction (the audit log holds no free text).
- attachments.removed_at, removed_by_id and remove_reason.
- The follow-up dates of closed cases are cleared: a closed (or withdrawn) case waits for nothing.

initiatives and activities carry the triggers of migrations 0011 and 0012, so their columns are
added with plain ADD COLUMN (a batch migration would copy the tables on SQLite and lose them), the
foreign key inline; their CHECK constraints are added on PostgreSQL only, as SQLite cannot add one
without copying the table: there the operations are the check. attachments has no triggers and is
altered in batch mode, with its constraint on both.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

#: The CHECK constraints on the tables with triggers: PostgreSQL only (see above).
POSTGRESQL_CHECKS = {
    ("initiatives", "ck_initiatives_no_follow_up_when_done"): (
        "follow_up_on IS NULL OR (stage <> 'closed' AND withdrawn_at IS NULL)"
    ),
    ("activities", "ck_activities_voided_by_someone"): "(voided_at IS NULL) = (voided_by_id IS NULL)",
}


def _is_postgresql():
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    op.add_column("initiatives", sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
    op.add_column(
        "initiatives", sa.Column("in_council_report", sa.Boolean(), nullable=False, server_default=sa.true())
    )
    op.create_index(op.f("ix_initiatives_withdrawn_at"), "initiatives", ["withdrawn_at"], unique=False)
    op.create_table(
        "withdrawals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "withdrawn",
                "reinstated",
                name="withdrawal_action",
                native_enum=False,
                create_constraint=True,
                length=10,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("happened_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_withdrawals_actor_id_users")),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_withdrawals_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_withdrawals")),
    )
    op.create_index(op.f("ix_withdrawals_initiative_id"), "withdrawals", ["initiative_id"], unique=False)

    op.add_column("activities", sa.Column("voided_at", sa.DateTime(), nullable=True))
    # Inline, so that SQLite can add the foreign key without copying the table.
    op.execute(
        "ALTER TABLE activities ADD COLUMN voided_by_id INTEGER "
        "CONSTRAINT fk_activities_voided_by_id_users REFERENCES users (id)"
    )
    op.add_column("activities", sa.Column("void_reason", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "activity_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("previous_note", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("corrected_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_corrections_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_activity_corrections_actor_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_corrections")),
    )
    op.create_index(
        op.f("ix_activity_corrections_activity_id"), "activity_corrections", ["activity_id"], unique=False
    )

    with op.batch_alter_table("attachments") as batch_op:
        batch_op.add_column(sa.Column("removed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("removed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("remove_reason", sa.Text(), nullable=False, server_default=""))
        batch_op.create_foreign_key(
            batch_op.f("fk_attachments_removed_by_id_users"), "users", ["removed_by_id"], ["id"]
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_attachments_removed_by_someone"), "(removed_at IS NULL) = (removed_by_id IS NULL)"
        )

    # Only the follow-up date: the triggers of 0011 watch the texts, so the public copies stay.
    op.execute("UPDATE initiatives SET follow_up_on = NULL WHERE stage = 'closed' AND follow_up_on IS NOT NULL")
    if _is_postgresql():
        for (table, name), condition in POSTGRESQL_CHECKS.items():
            op.create_check_constraint(op.f(name), table, condition)


def downgrade():
    if _is_postgresql():
        for table, name in POSTGRESQL_CHECKS:
            op.drop_constraint(op.f(name), table, type_="check")
    with op.batch_alter_table("attachments") as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_attachments_removed_by_someone"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_attachments_removed_by_id_users"), type_="foreignkey")
        batch_op.drop_column("remove_reason")
        batch_op.drop_column("removed_by_id")
        batch_op.drop_column("removed_at")

    op.drop_index(op.f("ix_activity_corrections_activity_id"), table_name="activity_corrections")
    op.drop_table("activity_corrections")
    if _is_postgresql():
        op.drop_constraint(op.f("fk_activities_voided_by_id_users"), "activities", type_="foreignkey")
    op.drop_column("activities", "void_reason")
    op.drop_column("activities", "voided_by_id")
    op.drop_column("activities", "voided_at")

    op.drop_index(op.f("ix_withdrawals_initiative_id"), table_name="withdrawals")
    op.drop_table("withdrawals")
    op.drop_index(op.f("ix_initiatives_withdrawn_at"), table_name="initiatives")
    op.drop_column("initiatives", "in_council_report")
    op.drop_column("initiatives", "withdrawn_at")
