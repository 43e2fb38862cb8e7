"""stakeholders: a barrier can name the inside stakeholder of its case that it came from
(barriers.stakeholder_id, set to null when the stakeholder is removed).

One nullable column with its foreign key and index. SQLite adds a foreign key only by rebuilding
the table, and Alembic's batch mode cannot rebuild this one: SQLAlchemy misreads the generated
days_to_resolve (migration 0010) once a column follows it. So on SQLite both directions follow
SQLite's own recipe (https://sqlite.org/lang_altertable.html#otheralter): the table's CREATE
statement as stored, with the column and its constraint added (or taken out), a copy of every row
but the generated column, then its indexes and the public texts' triggers (migration 0012) again.
Foreign keys are off while migrating (migrations/env.py), so the copy cascades nothing.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-10

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

FOREIGN_KEY = "fk_barriers_stakeholder_id_stakeholders"
INDEX = "ix_barriers_stakeholder_id"
#: What SQLite's stored CREATE TABLE gains: the column after the others, the constraint at the end.
SQLITE_COLUMN = ", \n\tstakeholder_id INTEGER"
SQLITE_CONSTRAINT = f", \n\tCONSTRAINT {FOREIGN_KEY} FOREIGN KEY(stakeholder_id) REFERENCES stakeholders (id) ON DELETE SET NULL"
#: Where SQLite's stored statement for barriers ends its columns: its first table constraint.
FIRST_CONSTRAINT = ", \n\tCONSTRAINT pk_barriers PRIMARY KEY (id)"


def _is_sqlite():
    return op.get_bind().dialect.name == "sqlite"


def _rebuild_sqlite_barriers(change):
    """Rebuild barriers as `change(stored CREATE TABLE)` says, keeping every row, index and trigger."""
    connection = op.get_bind()
    create = connection.scalar(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'barriers'")
    )
    extras = connection.scalars(
        sa.text(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'barriers' "
            "AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name"
        )
    ).all()
    # table_xinfo's hidden: 0 an ordinary column, 2 and 3 generated ones (not copied).
    columns = [
        row.name for row in connection.execute(sa.text("PRAGMA table_xinfo(barriers)")) if row.hidden == 0
    ]
    new_create = change(create)
    if new_create == create:
        raise RuntimeError("barriers' stored CREATE TABLE is not the one this migration knows")
    columns_and_constraints = new_create[new_create.index("(") :]
    op.execute("CREATE TABLE _barriers_0026 " + columns_and_constraints)
    kept = ", ".join(column for column in columns if column != "stakeholder_id")
    # The names are the table's own columns, read from SQLite itself.
    op.execute(f"INSERT INTO _barriers_0026 ({kept}) SELECT {kept} FROM barriers")  # noqa: S608
    op.execute("DROP TABLE barriers")
    op.execute("ALTER TABLE _barriers_0026 RENAME TO barriers")
    for statement in extras:
        op.execute(statement)


def _with_stakeholder(create):
    create = create.replace(FIRST_CONSTRAINT, SQLITE_COLUMN + FIRST_CONSTRAINT, 1)
    end = create.rstrip().rindex(")")
    return create[:end].rstrip() + SQLITE_CONSTRAINT + "\n)"


def _without_stakeholder(create):
    return create.replace(SQLITE_COLUMN, "", 1).replace(SQLITE_CONSTRAINT, "", 1)


def upgrade():
    if _is_sqlite():
        _rebuild_sqlite_barriers(_with_stakeholder)
    else:
        op.add_column("barriers", sa.Column("stakeholder_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            FOREIGN_KEY, "barriers", "stakeholders", ["stakeholder_id"], ["id"], ondelete="SET NULL"
        )
    op.create_index(INDEX, "barriers", ["stakeholder_id"], unique=False)


def downgrade():
    op.drop_index(INDEX, table_name="barriers")
    if _is_sqlite():
        _rebuild_sqlite_barriers(_without_stakeholder)
    else:
        op.drop_constraint(FOREIGN_KEY, "barriers", type_="foreignkey")
        op.drop_column("barriers", "stakeholder_id")
