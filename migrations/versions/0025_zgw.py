"""zgw: the export to the municipality's case system (ZGW). Per case its zaak's URL and every
object pushed to it, the admin's mapping tables (stage -> statustype, result -> resultaattype),
and the files marked for the archive (attachments.for_archive, false for every existing file).

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-09

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "zgw_zaken",
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("zaak_url", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_zgw_zaken_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("initiative_id", name=op.f("pk_zgw_zaken")),
    )
    op.create_table(
        "zgw_pushed_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "status",
                "rol",
                "resultaat",
                "zaakobject",
                "document",
                "zaakinformatieobject",
                name="pushed_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("local_key", sa.String(length=40), nullable=False),
        sa.Column("remote_url", sa.String(length=1000), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_zgw_pushed_items_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zgw_pushed_items")),
        sa.UniqueConstraint(
            "initiative_id", "kind", "local_key", name=op.f("uq_zgw_pushed_items_initiative_id")
        ),
    )
    op.create_index(
        op.f("ix_zgw_pushed_items_initiative_id"), "zgw_pushed_items", ["initiative_id"], unique=False
    )
    op.create_table(
        "zgw_mappings",
        sa.Column(
            "kind",
            sa.Enum("status", "result", name="mapping_kind", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["users.id"], name=op.f("fk_zgw_mappings_changed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("kind", "code", name=op.f("pk_zgw_mappings")),
    )
    # A plain added column with a constant default: no table copy on SQLite (so its triggers stay).
    op.add_column(
        "attachments",
        sa.Column("for_archive", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade():
    with op.batch_alter_table("attachments") as batch_op:
        batch_op.drop_column("for_archive")
    op.drop_table("zgw_mappings")
    op.drop_index(op.f("ix_zgw_pushed_items_initiative_id"), table_name="zgw_pushed_items")
    op.drop_table("zgw_pushed_items")
    op.drop_table("zgw_zaken")
