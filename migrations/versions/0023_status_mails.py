"""status mails: a case's contact persons get a mail when the case moves on, if the owner turned
it on (status_mail_settings) and they consented (initiators.status_mail_consent_on). The mails go
through the notifications' outbox (kind 'status', to an initiator); the status link keeps a nonce
from which its secret is made again, so that a mail can carry it.

On SQLite the outbox's kind CHECK constraint is widened, and the new column's foreign key added,
by rewriting the table's definition in place (SQLite's documented way for a change that leaves the
stored rows valid); PostgreSQL alters the table.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

CONSTRAINT = "ck_notification_outbox_outbox_kind"
KINDS = "'immediate', 'digest'"
KINDS_WITH_STATUS = KINDS + ", 'status'"
FOREIGN_KEY = "fk_notification_outbox_initiator_id_initiators"
SQLITE_FOREIGN_KEY = (
    f"CONSTRAINT {FOREIGN_KEY} FOREIGN KEY(initiator_id) REFERENCES initiators (id) ON DELETE CASCADE, "
)


def _rewrite_sqlite_definition(old, new):
    version = op.get_bind().exec_driver_sql("PRAGMA schema_version").scalar()
    op.execute("PRAGMA writable_schema = ON")
    op.execute(
        sa.text(
            "UPDATE sqlite_master SET sql = replace(sql, :old, :new) "
            "WHERE type = 'table' AND name = 'notification_outbox'"
        ).bindparams(old=old, new=new)
    )
    op.execute(f"PRAGMA schema_version = {version + 1}")
    op.execute("PRAGMA writable_schema = OFF")


def _allow_kinds(old, new):
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(op.f(CONSTRAINT), "notification_outbox", type_="check")
        op.create_check_constraint(op.f(CONSTRAINT), "notification_outbox", f"kind IN ({new})")
        return
    _rewrite_sqlite_definition(f"CHECK (kind IN ({old}))", f"CHECK (kind IN ({new}))")


def upgrade():
    op.create_table(
        "status_mail_settings",
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("personal_sentence", sa.String(length=300), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["users.id"], name=op.f("fk_status_mail_settings_changed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_status_mail_settings_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("initiative_id", name=op.f("pk_status_mail_settings")),
    )
    op.add_column("status_links", sa.Column("nonce", sa.String(length=64), nullable=True))
    op.add_column("initiators", sa.Column("status_mail_consent_on", sa.Date(), nullable=True))
    op.add_column("notification_outbox", sa.Column("initiator_id", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.create_foreign_key(
            op.f(FOREIGN_KEY), "notification_outbox", "initiators", ["initiator_id"], ["id"], ondelete="CASCADE"
        )
    else:  # the constraint joins the table's definition, beside the others (see above)
        _rewrite_sqlite_definition(
            "CONSTRAINT pk_notification_outbox PRIMARY KEY (id), ",
            "CONSTRAINT pk_notification_outbox PRIMARY KEY (id), " + SQLITE_FOREIGN_KEY,
        )
    op.add_column("notification_outbox", sa.Column("data", sa.JSON(), nullable=True))
    op.create_index(
        op.f("ix_notification_outbox_initiator_id"), "notification_outbox", ["initiator_id"], unique=False
    )
    _allow_kinds(KINDS, KINDS_WITH_STATUS)


def downgrade():
    op.execute("DELETE FROM notification_outbox WHERE kind = 'status'")
    _allow_kinds(KINDS_WITH_STATUS, KINDS)
    op.drop_index(op.f("ix_notification_outbox_initiator_id"), table_name="notification_outbox")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(op.f(FOREIGN_KEY), "notification_outbox", type_="foreignkey")
    else:
        _rewrite_sqlite_definition(SQLITE_FOREIGN_KEY, "")
    op.drop_column("notification_outbox", "data")
    op.drop_column("notification_outbox", "initiator_id")
    op.drop_column("initiators", "status_mail_consent_on")
    op.drop_column("status_links", "nonce")
    op.drop_table("status_mail_settings")
