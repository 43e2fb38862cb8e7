"""challenge deadlines: a notice to the owner of an undecided challenge whose decision's deadline
nears or has passed (notification_event 'challenge_due' on notifications and
notification_choices, whose CHECK constraints list the kinds of notice), and an index on the
case's kind and stage for Mijn werk and the scan (the open right-to-challenge cases); the
admin's tasks get a version (challenge_tasks.version, 1 for those there are), so that an edit
over a colleague's change is refused.

The value is no longer than the longest one (17), so the columns stay as they are. PostgreSQL
swaps the CHECK constraints; SQLite cannot alter one, so there the two tables are copied (batch
mode) with the new constraint.

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-07

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None

EVENTS = (
    "follow_up_due",
    "follow_up_overdue",
    "handed_over",
    "team_changed",
    "help_decided",
    "barrier_open_long",
    "initiator_replied",
    "mail_imported",
)
NEW_EVENTS = (*EVENTS, "challenge_due")
TABLES = ("notifications", "notification_choices")


def _values(values):
    return ", ".join(f"'{value}'" for value in values)


def _swap_event_check(events):
    for table in TABLES:
        name = op.f(f"ck_{table}_notification_event")
        if op.get_bind().dialect.name == "sqlite":
            with op.batch_alter_table(table, recreate="always") as batch_op:
                batch_op.drop_constraint(name, type_="check")
                batch_op.create_check_constraint(name, f"event IN ({_values(events)})")
        else:
            op.drop_constraint(name, table, type_="check")
            op.create_check_constraint(name, table, f"event IN ({_values(events)})")


def upgrade():
    _swap_event_check(NEW_EVENTS)
    op.create_index(op.f("ix_initiatives_kind_stage"), "initiatives", ["kind", "stage"], unique=False)
    with op.batch_alter_table("challenge_tasks") as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade():
    with op.batch_alter_table("challenge_tasks") as batch_op:
        batch_op.drop_column("version")
    op.drop_index(op.f("ix_initiatives_kind_stage"), table_name="initiatives")
    op.execute("DELETE FROM notifications WHERE event = 'challenge_due'")
    op.execute("DELETE FROM notification_choices WHERE event = 'challenge_due'")
    _swap_event_check(EVENTS)
