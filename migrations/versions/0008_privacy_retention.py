"""Privacy: retention and erasure

The marker of anonymised contact persons (initiators), so the retention purge and erasure on
request are idempotent. The retention period itself is a setting (BRICOLEUR_CONTACT_RETENTION_MONTHS).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "contact_erasures",
        sa.Column("initiator_id", sa.Integer(), nullable=False),
        sa.Column(
            "reason",
            sa.Enum("retention", "request", name="erasure_reason", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("erased_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiator_id"],
            ["initiators.id"],
            name=op.f("fk_contact_erasures_initiator_id_initiators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("initiator_id", name=op.f("pk_contact_erasures")),
    )


def downgrade():
    op.drop_table("contact_erasures")
