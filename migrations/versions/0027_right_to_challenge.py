"""right to challenge: a case's kind (initiatives.kind, 'initiative' for every case so far), the
challenge of a right-to-challenge case (its proposal, deadline, decision, agreement and
evaluation), its progress reviews, the admin's list of municipal tasks (the verordening's
exclusions with their reason) and the municipality's decision term (one row, 8 weeks).

initiatives carries the triggers of migrations 0011 and 0012, so its column is added with a plain
ADD COLUMN, its CHECK constraint inline (SQLite accepts a column constraint there, and drops the
column with it); the rest are new tables, the same on SQLite and PostgreSQL.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-11

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

KINDS = ("initiative", "right_to_challenge")
DECISIONS = ("granted", "partly", "refused", "inadmissible")
KIND_CHECK = "ck_initiatives_case_kind"


def _enum(values, name):
    return sa.Enum(
        *values, name=name, native_enum=False, create_constraint=True, length=max(map(len, values))
    )


def _is_sqlite():
    return op.get_bind().dialect.name == "sqlite"


def upgrade():
    kinds = ", ".join(f"'{kind}'" for kind in KINDS)
    length = max(map(len, KINDS))
    if _is_sqlite():
        op.execute(
            f"ALTER TABLE initiatives ADD COLUMN kind VARCHAR({length}) DEFAULT 'initiative' NOT NULL "
            f"CONSTRAINT {KIND_CHECK} CHECK (kind IN ({kinds}))"
        )
    else:
        op.add_column(
            "initiatives",
            sa.Column("kind", sa.String(length=length), nullable=False, server_default="initiative"),
        )
        op.create_check_constraint(op.f(KIND_CHECK), "initiatives", f"kind IN ({kinds})")

    op.create_table(
        "challenge_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_term_weeks", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "decision_term_weeks BETWEEN 1 AND 52", name=op.f("ck_challenge_settings_term_1_to_52_weeks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_settings")),
    )
    op.create_table(
        "challenge_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("excluded", sa.Boolean(), nullable=False),
        sa.Column("exclusion_reason", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "NOT excluded OR exclusion_reason <> ''", name=op.f("ck_challenge_tasks_excluded_has_reason")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_tasks")),
        sa.UniqueConstraint("name", name=op.f("uq_challenge_tasks_name")),
    )
    op.create_table(
        "challenges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("task_text", sa.String(length=200), nullable=False),
        sa.Column("better_because", sa.Text(), nullable=False),
        sa.Column("involvement", sa.Text(), nullable=False),
        sa.Column("support_evidence", sa.Text(), nullable=False),
        sa.Column("cost_estimate", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("requested_support", sa.Text(), nullable=False),
        sa.Column("quality_guarantee", sa.Text(), nullable=False),
        sa.Column("term_weeks", sa.Integer(), nullable=False),
        sa.Column("due_on_changed_to", sa.Date(), nullable=True),
        sa.Column("due_change_reason", sa.Text(), nullable=False),
        sa.Column("decision", _enum(DECISIONS, "challenge_decision"), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision_grounds", sa.Text(), nullable=False),
        sa.Column("takes_over", sa.Text(), nullable=False),
        sa.Column("agreed_result", sa.Text(), nullable=False),
        sa.Column("budget", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("agreement_ends_on", sa.Date(), nullable=True),
        sa.Column("evaluation", sa.Text(), nullable=False),
        sa.Column("evaluated_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("(decision IS NULL) = (decided_on IS NULL)", name=op.f("ck_challenges_decision_has_date")),
        sa.CheckConstraint("cost_estimate IS NULL OR cost_estimate >= 0", name=op.f("ck_challenges_cost_not_negative")),
        sa.CheckConstraint("budget IS NULL OR budget >= 0", name=op.f("ck_challenges_budget_not_negative")),
        sa.CheckConstraint(
            "due_on_changed_to IS NULL OR due_change_reason <> ''",
            name=op.f("ck_challenges_changed_deadline_has_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_challenges_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["challenge_tasks.id"], name=op.f("fk_challenges_task_id_challenge_tasks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenges")),
        sa.UniqueConstraint("initiative_id", name=op.f("uq_challenges_initiative_id")),
    )
    op.create_index(op.f("ix_challenges_task_id"), "challenges", ["task_id"], unique=False)
    op.create_table(
        "challenge_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_reviews_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_reviews")),
        sa.UniqueConstraint("challenge_id", "review_on", name=op.f("uq_challenge_reviews_challenge_id")),
    )
    op.create_index(
        op.f("ix_challenge_reviews_challenge_id"), "challenge_reviews", ["challenge_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_challenge_reviews_challenge_id"), table_name="challenge_reviews")
    op.drop_table("challenge_reviews")
    op.drop_index(op.f("ix_challenges_task_id"), table_name="challenges")
    op.drop_table("challenges")
    op.drop_table("challenge_tasks")
    op.drop_table("challenge_settings")
    if not _is_sqlite():
        op.drop_constraint(op.f(KIND_CHECK), "initiatives", type_="check")
    op.drop_column("initiatives", "kind")
