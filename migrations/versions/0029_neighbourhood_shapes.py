"""neighbourhood shapes: the outline of each wijk and buurt (neighbourhood_shapes), as GeoJSON text
in WGS84 with its bounding box as numbers, its source and the time of import; for the dashboard's
map and the GeoJSON API. A new table, the same on SQLite and PostgreSQL (no PostGIS); and an index
of the cases by date of first contact and neighbourhood, from which the map counts a period's
initiatives per neighbourhood (an index only: initiatives keeps its triggers on SQLite).

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-13

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "neighbourhood_shapes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("neighbourhood_id", sa.Integer(), nullable=False),
        sa.Column("geometry", sa.Text(), nullable=False),
        sa.Column("min_lon", sa.Float(), nullable=False),
        sa.Column("min_lat", sa.Float(), nullable=False),
        sa.Column("max_lon", sa.Float(), nullable=False),
        sa.Column("max_lat", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "min_lon <= max_lon AND min_lat <= max_lat", name=op.f("ck_neighbourhood_shapes_bbox_in_order")
        ),
        sa.ForeignKeyConstraint(
            ["neighbourhood_id"],
            ["neighbourhoods.id"],
            name=op.f("fk_neighbourhood_shapes_neighbourhood_id_neighbourhoods"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_neighbourhood_shapes")),
        sa.UniqueConstraint("neighbourhood_id", name=op.f("uq_neighbourhood_shapes_neighbourhood_id")),
    )
    op.create_index(
        "ix_initiatives_received_on_neighbourhood_id", "initiatives", ["received_on", "neighbourhood_id"]
    )


def downgrade():
    op.drop_index("ix_initiatives_received_on_neighbourhood_id", table_name="initiatives")
    op.drop_table("neighbourhood_shapes")
