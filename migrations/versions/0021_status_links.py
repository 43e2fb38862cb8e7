"""status links: the initiators' status page (one link per case, its secret stored hashed); a
timeline entry may be shown on it (activities.visible_to_initiators), and a message from the
initiators is a new kind of entry (activity_kind 'initiator_message')

activities carries the triggers of migrations 0011 and 0012: its column is added with plain ADD
COLUMN, and on SQLite its CHECK constraint is widened by rewriting the table's definition in place
(SQLite's documented way for a change that leaves the stored rows valid), since a batch migration
would copy the table and lose the triggers. PostgreSQL drops and adds the constraint.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

KINDS = "'call', 'email', 'meeting', 'site_visit', 'internal_consultation', 'other'"
KINDS_WITH_MESSAGES = KINDS + ", 'initiator_message'"
CONSTRAINT = "ck_activities_activity_kind"


def _allow_kinds(old, new):
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(op.f(CONSTRAINT), "activities", type_="check")
        op.create_check_constraint(op.f(CONSTRAINT), "activities", f"kind IN ({new})")
        return
    version = op.get_bind().exec_driver_sql("PRAGMA schema_version").scalar()
    op.execute("PRAGMA writable_schema = ON")
    op.execute(
        sa.text(
            "UPDATE sqlite_master SET sql = replace(sql, :old, :new) WHERE type = 'table' AND name = 'activities'"
        ).bindparams(old=f"CHECK (kind IN ({old}))", new=f"CHECK (kind IN ({new}))")
    )
    op.execute(f"PRAGMA schema_version = {version + 1}")
    op.execute("PRAGMA writable_schema = OFF")


def upgrade():
    op.create_table(
        "status_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_status_links_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_status_links_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_links")),
        sa.UniqueConstraint("initiative_id", name=op.f("uq_status_links_initiative_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_status_links_token_hash")),
    )
    op.add_column(
        "activities",
        sa.Column("visible_to_initiators", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    _allow_kinds(KINDS, KINDS_WITH_MESSAGES)


def downgrade():
    # The initiators' messages have no kind before this revision: they become "other".
    op.execute("UPDATE activities SET kind = 'other' WHERE kind = 'initiator_message'")
    _allow_kinds(KINDS_WITH_MESSAGES, KINDS)
    op.drop_column("activities", "visible_to_initiators")
    op.drop_table("status_links")
