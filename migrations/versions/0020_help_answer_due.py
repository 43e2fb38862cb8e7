"""help answer due: the day an answer to a help is due, if one was agreed (in the calendar feed)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('helps', sa.Column('answer_due_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('helps') as batch_op:
        batch_op.drop_column('answer_due_on')
