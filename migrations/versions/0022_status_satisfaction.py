"""satisfaction answers: the initiators' one question on a closed case's status page (a score of
1 to 5 and an optional comment, one answer per case), indexed for the dashboard's figures

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "satisfaction_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name=op.f("ck_satisfaction_answers_score_from_1_to_5")),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_satisfaction_answers_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_satisfaction_answers")),
        sa.UniqueConstraint("initiative_id", name=op.f("uq_satisfaction_answers_initiative_id")),
    )
    op.create_index("ix_satisfaction_answers_dashboard", "satisfaction_answers", ["initiative_id", "score"])


def downgrade():
    op.drop_index("ix_satisfaction_answers_dashboard", table_name="satisfaction_answers")
    op.drop_table("satisfaction_answers")
