"""matrix tally join order: SQLite's triggers read the barriers first, then their effects

Migration 0039's triggers recount a barrier's matrix rows with "FROM barriers b JOIN help_effects
e ON e.barrier_id = b.id AND e.effect = 'resolved' WHERE b.<the rows changed>". Without planner
statistics (a new database, or one being filled before its ANALYZE) SQLite read that join the
other way round: every effect 'resolved', by the index on the effect, each looked up in the
barriers; and with the barriers read first, it still looked their effects up by that index, all
the resolved ones for each barrier. So every write of a barrier, an effect or a case's themes
read all resolved effects, and generating demo cases slowed to 40 cases a second at 12,000
cases (issue #27). Now SQLite keeps the left table of the CROSS JOIN as the outer loop (the
barriers the trigger is about, found by their id or case), and the unary + keeps the effect's
index out of the join, so that their effects come from the index by barrier, whatever the
statistics say.

PostgreSQL plans its trigger functions with statistics; its triggers stay as they are.

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-07

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0040"
down_revision = "0039"
branch_labels = None
depends_on = None

EITHER_WAY = "FROM barriers b JOIN help_effects e ON e.barrier_id = b.id AND e.effect = 'resolved'"
BARRIERS_FIRST = "FROM barriers b CROSS JOIN help_effects e ON e.barrier_id = b.id AND +e.effect = 'resolved'"


def upgrade():
    _rewrite_triggers(EITHER_WAY, BARRIERS_FIRST)


def downgrade():
    _rewrite_triggers(BARRIERS_FIRST, EITHER_WAY)


def _rewrite_triggers(old, new):
    """Recreate the SQLite triggers whose SQL holds `old` with `new` in its place."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    triggers = bind.execute(
        sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND instr(sql, :old) > 0"),
        {"old": old},
    ).all()
    for name, sql in triggers:
        op.execute(f'DROP TRIGGER "{name}"')
        op.execute(sql.replace(old, new))
