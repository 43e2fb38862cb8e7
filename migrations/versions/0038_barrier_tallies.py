"""barrier tallies: the dashboard's barriers and cases counted ahead, kept exact by triggers

At a million cases the dashboard's barrier figures read millions of barriers cold (issue #27).
Five tables count them ahead per month and per the dimensions the figures group by and the
filters select on (barriers: neighbourhood, category, department, stage, status, whether the case
is in the council report; the resolved ones also by days to resolve; both also per theme of the
case; cases: per month received, neighbourhood and council report, and per theme). They count
only what counts: the barriers and cases of cases neither withdrawn nor merged into another.

Triggers keep them exact in the transaction of every change, whoever writes (the app, the demo
generator's bulk inserts, a hand-made UPDATE): on barriers (added, changed, moved to another
case, deleted), on initiatives (withdrawn, merged, left out of the council report, moved,
received on another day, deleted: before, since the cascade to its barriers and themes then
finds no case and changes nothing) and on initiative_themes. Each statement adds the row's new
contribution and subtracts its old one (an upsert: a NULL department is kept as 0 so that the
dimensions make a key). SQLite: triggers with one statement per table; PostgreSQL: one plpgsql
function per base table. Then filled from the existing rows.

A later SQLite batch migration that copies barriers, initiatives or initiative_themes drops their
triggers: it must make them again (`barrier_tallies_triggers` below).

Revision ID: 0038
Revises: 0036
Create Date: 2026-12-07

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0038"
down_revision = "0036"
branch_labels = None
depends_on = None

COUNTED = "{case}.withdrawn_at IS NULL AND {case}.merged_into_id IS NULL"


def _month(dialect, day):
    if dialect == "postgresql":
        return f"CAST(date_trunc('month', {day}) AS date)"
    return f"date({day}, 'start of month')"


def _barrier_columns(table, dialect, b, i, t):
    """(column, expression) of the dimensions of `table` from the barrier `b`, case `i`, theme `t`."""
    columns = []
    if table == "barrier_theme_tallies":
        columns.append(("theme_id", f"{t}.theme_id"))
    columns += [
        ("month", _month(dialect, f"{b}.raised_on")),
        ("neighbourhood_id", f"{b}.neighbourhood_id"),
        ("category_id", f"{b}.category_id"),
        ("department_id", f"COALESCE({b}.department_id, 0)"),
        ("stage", f"{b}.stage"),
    ]
    if table != "barrier_resolve_tallies":
        columns.append(("status", f"{b}.status"))
    columns.append(("reported", f"{i}.in_council_report"))
    if table == "barrier_resolve_tallies":
        columns.append(("days_to_resolve", f"{b}.days_to_resolve"))
    return columns


def _case_columns(table, dialect, i, t):
    columns = [("theme_id", f"{t}.theme_id")] if table == "initiative_theme_tallies" else []
    return [
        *columns,
        ("month", _month(dialect, f"{i}.received_on")),
        ("neighbourhood_id", f"{i}.neighbourhood_id"),
        ("reported", f"{i}.in_council_report"),
    ]


def _upsert(table, columns, count_column, sign, from_where):
    """Add `sign` times the rows `from_where` selects to `table`'s tallies of their dimensions."""
    names = ", ".join(name for name, _expression in columns)
    expressions = ", ".join(expression for _name, expression in columns)
    positions = ", ".join(str(position) for position in range(1, len(columns) + 1))
    return (
        f"INSERT INTO {table} ({names}, {count_column}) "
        f"SELECT {expressions}, {sign} * COUNT(*) {from_where} GROUP BY {positions} "
        f"ON CONFLICT ({names}) DO UPDATE SET {count_column} = {table}.{count_column} + excluded.{count_column}"
    )


BARRIER_TALLIES = ("barrier_tallies", "barrier_resolve_tallies", "barrier_theme_tallies")
CASE_TALLIES = ("initiative_tallies", "initiative_theme_tallies")


def _resolved(table, b):
    return f" AND {b}.status = 'resolved'" if table == "barrier_resolve_tallies" else ""


def barrier_row_change(dialect, row, sign):
    """The statements that add (sign 1) or subtract (-1) the barrier `row` (NEW or OLD)."""
    statements = []
    for table in BARRIER_TALLIES:
        columns = _barrier_columns(table, dialect, row, "i", "t")
        themes = " JOIN initiative_themes t ON t.initiative_id = i.id" if "theme" in table else ""
        where = f"FROM initiatives i{themes} WHERE i.id = {row}.initiative_id AND {COUNTED.format(case='i')}"
        statements.append(_upsert(table, columns, "barriers", sign, where + _resolved(table, row)))
    return statements


def case_barriers_change(dialect, case, sign):
    """The statements that add or subtract the barriers of the case `case` (NEW or OLD), with that
    row's council report and whether it counts."""
    statements = []
    for table in BARRIER_TALLIES:
        columns = _barrier_columns(table, dialect, "b", case, "t")
        themes = " JOIN initiative_themes t ON t.initiative_id = b.initiative_id" if "theme" in table else ""
        where = f"FROM barriers b{themes} WHERE b.initiative_id = {case}.id AND {COUNTED.format(case=case)}"
        statements.append(_upsert(table, columns, "barriers", sign, where + _resolved(table, "b")))
    return statements


def case_row_change(dialect, case, sign):
    """The statements that add or subtract the case `case` (NEW or OLD) itself."""
    counted = COUNTED.format(case=case)
    return [
        _upsert(
            "initiative_tallies",
            _case_columns("initiative_tallies", dialect, case, "t"),
            "initiatives",
            sign,
            f"FROM initiatives c WHERE c.id = {case}.id AND {counted}",
        ),
        _upsert(
            "initiative_theme_tallies",
            _case_columns("initiative_theme_tallies", dialect, case, "t"),
            "initiatives",
            sign,
            f"FROM initiative_themes t WHERE t.initiative_id = {case}.id AND {counted}",
        ),
    ]


def theme_row_change(dialect, row, sign):
    """The statements that add or subtract the theme `row` (NEW or OLD) of a case: its barriers'
    and its own tallies per theme."""
    barriers = _barrier_columns("barrier_theme_tallies", dialect, "b", "i", row)
    case = _case_columns("initiative_theme_tallies", dialect, "i", row)
    counted = COUNTED.format(case="i")
    return [
        _upsert(
            "barrier_theme_tallies",
            barriers,
            "barriers",
            sign,
            f"FROM barriers b JOIN initiatives i ON i.id = b.initiative_id "
            f"WHERE b.initiative_id = {row}.initiative_id AND {counted}",
        ),
        _upsert(
            "initiative_theme_tallies",
            case,
            "initiatives",
            sign,
            f"FROM initiatives i WHERE i.id = {row}.initiative_id AND {counted}",
        ),
    ]


def backfill(dialect):
    """Fill every tally from the existing rows (the tables empty)."""
    counted = COUNTED.format(case="i")
    statements = []
    for table in BARRIER_TALLIES:
        columns = _barrier_columns(table, dialect, "b", "i", "t")
        themes = " JOIN initiative_themes t ON t.initiative_id = b.initiative_id" if "theme" in table else ""
        where = f"FROM barriers b JOIN initiatives i ON i.id = b.initiative_id{themes} WHERE {counted}"
        statements.append(_upsert(table, columns, "barriers", 1, where + _resolved(table, "b")))
    for table in CASE_TALLIES:
        themes = " JOIN initiative_themes t ON t.initiative_id = i.id" if "theme" in table else ""
        statements.append(
            _upsert(
                table,
                _case_columns(table, dialect, "i", "t"),
                "initiatives",
                1,
                f"FROM initiatives i{themes} WHERE {counted}",
            )
        )
    return statements


#: The columns whose change moves a barrier, a case or a case's barriers between tallies.
BARRIER_COLUMNS = (
    "initiative_id, raised_on, neighbourhood_id, category_id, department_id, stage, status, resolved_on"
)
CASE_COLUMNS = "received_on, neighbourhood_id, withdrawn_at, merged_into_id, in_council_report"
COUNTING_COLUMNS = "withdrawn_at, merged_into_id, in_council_report"
#: Whether an update of a case changed whether it counts or is in the council report.
COUNTING_CHANGED = (
    "(OLD.withdrawn_at IS NULL) <> (NEW.withdrawn_at IS NULL) "
    "OR (OLD.merged_into_id IS NULL) <> (NEW.merged_into_id IS NULL) "
    "OR OLD.in_council_report <> NEW.in_council_report"
)


def _sqlite_trigger(name, when, table, statements, condition=None):
    body = "; ".join(statements)
    condition = f" WHEN {condition}" if condition else ""
    return f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW{condition} BEGIN {body}; END"


def sqlite_triggers():
    """(name, CREATE TRIGGER statement) of every SQLite trigger."""
    d = "sqlite"
    triggers = {
        "barrier_tallies_new": ("AFTER INSERT", "barriers", barrier_row_change(d, "NEW", 1), None),
        "barrier_tallies_changed": (
            f"AFTER UPDATE OF {BARRIER_COLUMNS}",
            "barriers",
            [*barrier_row_change(d, "OLD", -1), *barrier_row_change(d, "NEW", 1)],
            None,
        ),
        "barrier_tallies_gone": ("AFTER DELETE", "barriers", barrier_row_change(d, "OLD", -1), None),
        "initiative_tallies_new": ("AFTER INSERT", "initiatives", case_row_change(d, "NEW", 1), None),
        "initiative_tallies_changed": (
            f"AFTER UPDATE OF {CASE_COLUMNS}",
            "initiatives",
            [*case_row_change(d, "OLD", -1), *case_row_change(d, "NEW", 1)],
            None,
        ),
        "initiative_tallies_counting": (
            f"AFTER UPDATE OF {COUNTING_COLUMNS}",
            "initiatives",
            [*case_barriers_change(d, "OLD", -1), *case_barriers_change(d, "NEW", 1)],
            COUNTING_CHANGED,
        ),
        # Before: the cascade to its barriers and themes then finds no case, and subtracts nothing.
        "initiative_tallies_gone": (
            "BEFORE DELETE",
            "initiatives",
            [*case_row_change(d, "OLD", -1), *case_barriers_change(d, "OLD", -1)],
            None,
        ),
        "theme_tallies_new": ("AFTER INSERT", "initiative_themes", theme_row_change(d, "NEW", 1), None),
        "theme_tallies_changed": (
            "AFTER UPDATE",
            "initiative_themes",
            [*theme_row_change(d, "OLD", -1), *theme_row_change(d, "NEW", 1)],
            None,
        ),
        "theme_tallies_gone": ("AFTER DELETE", "initiative_themes", theme_row_change(d, "OLD", -1), None),
    }
    return {name: _sqlite_trigger(name, *arguments) for name, arguments in triggers.items()}


def _plpgsql(name, body):
    return f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
{body}
RETURN NULL;
END $$"""


def _when(operations, statements):
    return f"IF TG_OP IN ({operations}) THEN\n" + ";\n".join(statements) + ";\nEND IF;"


def postgresql_functions():
    """(function name, CREATE FUNCTION, CREATE TRIGGER) of every PostgreSQL trigger."""
    d = "postgresql"
    barriers = "\n".join(
        (
            _when("'UPDATE', 'DELETE'", barrier_row_change(d, "OLD", -1)),
            _when("'INSERT', 'UPDATE'", barrier_row_change(d, "NEW", 1)),
        )
    )
    cases = "\n".join(
        (
            _when("'UPDATE'", case_row_change(d, "OLD", -1)),
            _when("'INSERT', 'UPDATE'", case_row_change(d, "NEW", 1)),
            f"IF TG_OP = 'UPDATE' AND ({COUNTING_CHANGED}) THEN\n"
            + ";\n".join([*case_barriers_change(d, "OLD", -1), *case_barriers_change(d, "NEW", 1)])
            + ";\nEND IF;",
        )
    )
    # Before: the cascade to its barriers and themes then finds no case, and subtracts nothing.
    gone = ";\n".join([*case_row_change(d, "OLD", -1), *case_barriers_change(d, "OLD", -1)]) + ";"
    themes = "\n".join(
        (
            _when("'UPDATE', 'DELETE'", theme_row_change(d, "OLD", -1)),
            _when("'INSERT', 'UPDATE'", theme_row_change(d, "NEW", 1)),
        )
    )
    return (
        (
            "barrier_tallies_keep",
            _plpgsql("barrier_tallies_keep", barriers),
            f"""CREATE TRIGGER barrier_tallies_keep AFTER INSERT OR UPDATE OF {BARRIER_COLUMNS} OR DELETE
            ON barriers FOR EACH ROW EXECUTE FUNCTION barrier_tallies_keep()""",
            "barriers",
        ),
        (
            "initiative_tallies_keep",
            _plpgsql("initiative_tallies_keep", cases),
            f"""CREATE TRIGGER initiative_tallies_keep AFTER INSERT OR UPDATE OF {CASE_COLUMNS}
            ON initiatives FOR EACH ROW EXECUTE FUNCTION initiative_tallies_keep()""",
            "initiatives",
        ),
        (
            "initiative_tallies_gone",
            _plpgsql("initiative_tallies_gone", gone).replace("RETURN NULL;", "RETURN OLD;"),
            """CREATE TRIGGER initiative_tallies_gone BEFORE DELETE
            ON initiatives FOR EACH ROW EXECUTE FUNCTION initiative_tallies_gone()""",
            "initiatives",
        ),
        (
            "theme_tallies_keep",
            _plpgsql("theme_tallies_keep", themes),
            """CREATE TRIGGER theme_tallies_keep AFTER INSERT OR UPDATE OR DELETE
            ON initiative_themes FOR EACH ROW EXECUTE FUNCTION theme_tallies_keep()""",
            "initiative_themes",
        ),
    )


def _dimension(name, type_=sa.Integer):
    return sa.Column(name, type_, primary_key=True, autoincrement=False)


def _barrier_dimensions():
    return (
        _dimension("month", sa.Date),
        _dimension("neighbourhood_id"),
        _dimension("category_id"),
        _dimension("department_id"),
        _dimension("stage", sa.String(20)),
    )


def _create_tables():
    op.create_table(
        "barrier_tallies",
        *_barrier_dimensions(),
        _dimension("status", sa.String(20)),
        _dimension("reported", sa.Boolean),
        sa.Column("barriers", sa.Integer, nullable=False),
    )
    op.create_table(
        "barrier_resolve_tallies",
        *_barrier_dimensions(),
        _dimension("reported", sa.Boolean),
        _dimension("days_to_resolve"),
        sa.Column("barriers", sa.Integer, nullable=False),
    )
    op.create_table(
        "barrier_theme_tallies",
        _dimension("theme_id"),
        *_barrier_dimensions(),
        _dimension("status", sa.String(20)),
        _dimension("reported", sa.Boolean),
        sa.Column("barriers", sa.Integer, nullable=False),
    )
    op.create_table(
        "initiative_tallies",
        _dimension("month", sa.Date),
        _dimension("neighbourhood_id"),
        _dimension("reported", sa.Boolean),
        sa.Column("initiatives", sa.Integer, nullable=False),
    )
    op.create_table(
        "initiative_theme_tallies",
        _dimension("theme_id"),
        _dimension("month", sa.Date),
        _dimension("neighbourhood_id"),
        _dimension("reported", sa.Boolean),
        sa.Column("initiatives", sa.Integer, nullable=False),
    )


TABLES = ("barrier_tallies", "barrier_resolve_tallies", "barrier_theme_tallies", *CASE_TALLIES)


def upgrade():
    _create_tables()
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for _name, function, trigger, _table in postgresql_functions():
            op.execute(function)
            op.execute(trigger)
    else:
        for statement in sqlite_triggers().values():
            op.execute(statement)
    for statement in backfill(dialect):
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name, _function, _trigger, table in postgresql_functions():
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    else:
        for name in sqlite_triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table in reversed(TABLES):
        op.drop_table(table)
