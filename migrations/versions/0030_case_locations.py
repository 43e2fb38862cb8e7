"""case locations: the point where an initiative takes place (initiatives.latitude and
initiatives.longitude, WGS84, nullable), for the map of cases and the ZGW zaakgeometrie.

Two nullable columns, added as they are: no table copy (the initiatives table has the search
triggers of 0011, which a SQLite rebuild would lose). PostgreSQL also gets the CHECK that a
location is a whole point; on SQLite the operations hold it, as for 0018's checks.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-07

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None

CHECK = "ck_initiatives_location_is_a_point"


def _is_postgresql():
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    op.add_column("initiatives", sa.Column("latitude", sa.Float(), nullable=True))
    op.add_column("initiatives", sa.Column("longitude", sa.Float(), nullable=True))
    if _is_postgresql():
        op.create_check_constraint(op.f(CHECK), "initiatives", "(latitude IS NULL) = (longitude IS NULL)")


def downgrade():
    if _is_postgresql():
        op.drop_constraint(op.f(CHECK), "initiatives", type_="check")
    op.drop_column("initiatives", "longitude")
    op.drop_column("initiatives", "latitude")
