"""stakeholders: the stakeholder map of a case (who is involved inside and outside the town hall,
their role, stance, influence and interest), the history of each stance, and the timeline entries
a stakeholder took part in (its last contact). New tables only: the same on SQLite and PostgreSQL.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-08

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

SIDES = ("inside", "outside")
ROLES = ("initiator", "co_initiator", "adviser", "decider", "stakeholder", "coordinator")
STANCES = ("for", "neutral", "against", "unknown")


def _enum(values, name):
    return sa.Enum(
        *values, name=name, native_enum=False, create_constraint=True, length=max(map(len, values))
    )


def upgrade():
    op.create_table(
        "stakeholders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("side", _enum(SIDES, "stakeholder_side"), nullable=False),
        sa.Column("role", _enum(ROLES, "stakeholder_role"), nullable=False),
        sa.Column("stance", _enum(STANCES, "stakeholder_stance"), nullable=False),
        sa.Column("influence", sa.Integer(), nullable=False),
        sa.Column("interest", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("organisation", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("initiator_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("influence BETWEEN 1 AND 5", name=op.f("ck_stakeholders_influence_1_to_5")),
        sa.CheckConstraint("interest BETWEEN 1 AND 5", name=op.f("ck_stakeholders_interest_1_to_5")),
        sa.CheckConstraint(
            "side = 'outside' OR department_id IS NOT NULL",
            name=op.f("ck_stakeholders_inside_has_department"),
        ),
        sa.CheckConstraint(
            "side = 'outside' OR initiator_id IS NULL", name=op.f("ck_stakeholders_contact_person_is_outside")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_stakeholders_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_stakeholders_department_id_departments")
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_stakeholders_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["initiator_id"],
            ["initiators.id"],
            name=op.f("fk_stakeholders_initiator_id_initiators"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stakeholders")),
    )
    op.create_index(op.f("ix_stakeholders_initiative_id"), "stakeholders", ["initiative_id"], unique=False)
    op.create_index(op.f("ix_stakeholders_department_id"), "stakeholders", ["department_id"], unique=False)
    op.create_index(op.f("ix_stakeholders_initiator_id"), "stakeholders", ["initiator_id"], unique=False)
    op.create_table(
        "stakeholder_stances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stakeholder_id", sa.Integer(), nullable=False),
        sa.Column("stance", _enum(STANCES, "stakeholder_stance_recorded"), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_stakeholder_stances_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["stakeholder_id"],
            ["stakeholders.id"],
            name=op.f("fk_stakeholder_stances_stakeholder_id_stakeholders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stakeholder_stances")),
    )
    op.create_index(
        op.f("ix_stakeholder_stances_stakeholder_id"), "stakeholder_stances", ["stakeholder_id"], unique=False
    )
    op.create_table(
        "stakeholder_activities",
        sa.Column("stakeholder_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_stakeholder_activities_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["stakeholder_id"],
            ["stakeholders.id"],
            name=op.f("fk_stakeholder_activities_stakeholder_id_stakeholders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("stakeholder_id", "activity_id", name=op.f("pk_stakeholder_activities")),
    )
    op.create_index(
        op.f("ix_stakeholder_activities_activity_id"), "stakeholder_activities", ["activity_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_stakeholder_activities_activity_id"), table_name="stakeholder_activities")
    op.drop_table("stakeholder_activities")
    op.drop_index(op.f("ix_stakeholder_stances_stakeholder_id"), table_name="stakeholder_stances")
    op.drop_table("stakeholder_stances")
    op.drop_index(op.f("ix_stakeholders_initiator_id"), table_name="stakeholders")
    op.drop_index(op.f("ix_stakeholders_department_id"), table_name="stakeholders")
    op.drop_index(op.f("ix_stakeholders_initiative_id"), table_name="stakeholders")
    op.drop_table("stakeholders")
