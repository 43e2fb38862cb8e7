"""stakeholder kinds: the kind of an outside stakeholder's organisation (stakeholders.organisation_kind:
residents_group, housing_corporation, welfare, school, business, neighbours or other; null inside
and where it was not given), which the council report counts.

One nullable column, added as it is: no table copy. PostgreSQL also gets the enum's CHECK
constraint; SQLite cannot add one without rebuilding the table, so there the models' validation
alone holds the values (a VARCHAR as the enum's, without its CHECK).

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-12

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

KINDS = ("residents_group", "housing_corporation", "welfare", "school", "business", "neighbours", "other")


def upgrade():
    length = max(map(len, KINDS))
    kind = (
        sa.String(length)
        if op.get_bind().dialect.name == "sqlite"
        else sa.Enum(*KINDS, name="organisation_kind", native_enum=False, create_constraint=True, length=length)
    )
    op.add_column("stakeholders", sa.Column("organisation_kind", kind, nullable=True))


def downgrade():
    with op.batch_alter_table("stakeholders") as batch_op:
        batch_op.drop_column("organisation_kind")
