"""similar location: the open cases near a point

The similarity at intake looks up the cases whose location lies in a box around the new case's
point (about 250 m each way). Without an index that reads every case (some 50 ms for 100,000
cases on PostgreSQL, ten times that for a million); an index on the latitude and longitude finds
the band of the box's latitudes and checks the longitudes in the index. Creating an index copies
no table, so the triggers on initiatives stay.

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-07

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None

INDEX = "ix_initiatives_latitude_longitude"


def upgrade():
    op.create_index(INDEX, "initiatives", ["latitude", "longitude"])


def downgrade():
    op.drop_index(INDEX, table_name="initiatives")
