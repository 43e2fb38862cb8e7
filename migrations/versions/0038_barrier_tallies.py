"""barrier tallies: the dashboard's barriers and cases counted ahead, kept exact by triggers

At a million cases the dashboard's barrier figures read millions of barriers cold (issue #27).
Tally tables count them ahead per month (raised; for cases: received) and per the dimensions the
figures group by and the filters select on: each table has a few of them (neighbourhood,
category, department, stage, status, theme of the case, days to resolve for the resolved ones;
whether the case is in the council report in all), so that a figure reads the smallest that has
what it needs, its primary key led by what a filter selects on. They count only what counts: the
barriers and cases of cases neither withdrawn nor merged into another.

Triggers keep them exact in the transaction of every change, whoever writes (the app, the demo
generator's bulk inserts, a hand-made UPDATE): on barriers (added, changed, moved to another
case, deleted), on initiatives (withdrawn, merged, left out of the council report, moved,
received on another day, deleted: before, since the cascade to its barriers and themes then
finds no case and changes nothing) and on initiative_themes. Each statement adds the row's new
contribution and subtracts its old one (an upsert: a NULL department is kept as 0 so that the
dimensions make a key; on SQLite the tables are WITHOUT ROWID, their rows in the key's order).
SQLite: triggers with one statement per table; PostgreSQL: one plpgsql function per base table.
Then filled from the existing rows.

A later SQLite batch migration that copies barriers, initiatives or initiative_themes drops their
triggers: it must make them again (`sqlite_triggers` below).

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

#: The tallies as they are made here (`initiatives.dashboard.tally_models`, frozen): name ->
#: dimensions in the order of the primary key.
BARRIER_TALLIES = {
    "barrier_kind_tallies": ("month", "category_id", "department_id", "stage", "status", "reported"),
    "barrier_area_tallies": ("month", "neighbourhood_id", "department_id", "stage", "status", "reported"),
    "barrier_tallies": (
        "neighbourhood_id",
        "month",
        "category_id",
        "department_id",
        "stage",
        "status",
        "reported",
    ),
    "barrier_theme_tallies": (
        "theme_id",
        "month",
        "category_id",
        "department_id",
        "stage",
        "status",
        "reported",
    ),
    "barrier_theme_area_tallies": ("theme_id", "month", "neighbourhood_id", "status", "reported"),
}
#: Of the resolved barriers only.
RESOLVE_TALLIES = {
    "resolve_tallies": ("month", "category_id", "days_to_resolve", "reported"),
    "resolve_department_tallies": ("department_id", "month", "category_id", "days_to_resolve", "reported"),
    "resolve_stage_tallies": ("stage", "month", "category_id", "days_to_resolve", "reported"),
    "resolve_area_tallies": ("neighbourhood_id", "month", "category_id", "days_to_resolve", "reported"),
    "resolve_theme_tallies": ("theme_id", "month", "category_id", "days_to_resolve", "reported"),
}
CASE_TALLIES = {
    "initiative_tallies": ("month", "neighbourhood_id", "reported"),
    "initiative_theme_tallies": ("theme_id", "month", "neighbourhood_id", "reported"),
}
BARRIER_AND_RESOLVE = {**BARRIER_TALLIES, **RESOLVE_TALLIES}
TYPES = {
    "stage": lambda: sa.String(20),
    "status": lambda: sa.String(20),
    "month": sa.Date,
    "reported": sa.Boolean,
}


def _month(dialect, day):
    if dialect == "postgresql":
        return f"CAST(date_trunc('month', {day}) AS date)"
    return f"date({day}, 'start of month')"


def _barrier_columns(table, dialect, b, i, t):
    """(column, expression) of the dimensions of `table` from the barrier `b`, case `i`, theme `t`."""
    expressions = {
        "theme_id": f"{t}.theme_id",
        "month": _month(dialect, f"{b}.raised_on"),
        "neighbourhood_id": f"{b}.neighbourhood_id",
        "category_id": f"{b}.category_id",
        "department_id": f"COALESCE({b}.department_id, 0)",
        "stage": f"{b}.stage",
        "status": f"{b}.status",
        "reported": f"{i}.in_council_report",
        "days_to_resolve": f"{b}.days_to_resolve",
    }
    return [(name, expressions[name]) for name in BARRIER_AND_RESOLVE[table]]


def _case_columns(table, dialect, i, t):
    expressions = {
        "theme_id": f"{t}.theme_id",
        "month": _month(dialect, f"{i}.received_on"),
        "neighbourhood_id": f"{i}.neighbourhood_id",
        "reported": f"{i}.in_council_report",
    }
    return [(name, expressions[name]) for name in CASE_TALLIES[table]]


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


def _by_theme(table):
    return "theme_id" in BARRIER_AND_RESOLVE.get(table, CASE_TALLIES.get(table, ()))


def _resolved(table, b):
    return f" AND {b}.status = 'resolved'" if table in RESOLVE_TALLIES else ""


def barrier_row_change(dialect, row, sign):
    """The statements that add (sign 1) or subtract (-1) the barrier `row` (NEW or OLD)."""
    statements = []
    for table in BARRIER_AND_RESOLVE:
        columns = _barrier_columns(table, dialect, row, "i", "t")
        themes = " JOIN initiative_themes t ON t.initiative_id = i.id" if _by_theme(table) else ""
        where = f"FROM initiatives i{themes} WHERE i.id = {row}.initiative_id AND {COUNTED.format(case='i')}"
        statements.append(_upsert(table, columns, "barriers", sign, where + _resolved(table, row)))
    return statements


def case_barriers_change(dialect, case, sign):
    """The statements that add or subtract the barriers of the case `case` (NEW or OLD), with that
    row's council report and whether it counts."""
    statements = []
    for table in BARRIER_AND_RESOLVE:
        columns = _barrier_columns(table, dialect, "b", case, "t")
        themes = " JOIN initiative_themes t ON t.initiative_id = b.initiative_id" if _by_theme(table) else ""
        where = f"FROM barriers b{themes} WHERE b.initiative_id = {case}.id AND {COUNTED.format(case=case)}"
        statements.append(_upsert(table, columns, "barriers", sign, where + _resolved(table, "b")))
    return statements


def case_row_change(dialect, case, sign):
    """The statements that add or subtract the case `case` (NEW or OLD) itself."""
    counted = COUNTED.format(case=case)
    statements = []
    for table in CASE_TALLIES:
        source = (
            f"FROM initiative_themes t WHERE t.initiative_id = {case}.id"
            if _by_theme(table)
            else f"FROM initiatives c WHERE c.id = {case}.id"
        )
        statements.append(
            _upsert(
                table,
                _case_columns(table, dialect, case, "t"),
                "initiatives",
                sign,
                f"{source} AND {counted}",
            )
        )
    return statements


def theme_row_change(dialect, row, sign):
    """The statements that add or subtract the theme `row` (NEW or OLD) of a case: its barriers'
    and its own tallies per theme."""
    counted = COUNTED.format(case="i")
    statements = []
    for table in BARRIER_AND_RESOLVE:
        if _by_theme(table):
            statements.append(
                _upsert(
                    table,
                    _barrier_columns(table, dialect, "b", "i", row),
                    "barriers",
                    sign,
                    f"FROM barriers b JOIN initiatives i ON i.id = b.initiative_id "
                    f"WHERE b.initiative_id = {row}.initiative_id AND {counted}" + _resolved(table, "b"),
                )
            )
    for table in CASE_TALLIES:
        if _by_theme(table):
            statements.append(
                _upsert(
                    table,
                    _case_columns(table, dialect, "i", row),
                    "initiatives",
                    sign,
                    f"FROM initiatives i WHERE i.id = {row}.initiative_id AND {counted}",
                )
            )
    return statements


def backfill(dialect):
    """Fill every tally from the existing rows (the tables empty)."""
    counted = COUNTED.format(case="i")
    statements = []
    for table in BARRIER_AND_RESOLVE:
        columns = _barrier_columns(table, dialect, "b", "i", "t")
        themes = " JOIN initiative_themes t ON t.initiative_id = b.initiative_id" if _by_theme(table) else ""
        where = f"FROM barriers b JOIN initiatives i ON i.id = b.initiative_id{themes} WHERE {counted}"
        statements.append(_upsert(table, columns, "barriers", 1, where + _resolved(table, "b")))
    for table in CASE_TALLIES:
        themes = " JOIN initiative_themes t ON t.initiative_id = i.id" if _by_theme(table) else ""
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


def _create_tables():
    for tallies, count in ((BARRIER_AND_RESOLVE, "barriers"), (CASE_TALLIES, "initiatives")):
        for table, dimensions in tallies.items():
            columns = [
                sa.Column(name, TYPES.get(name, sa.Integer)(), primary_key=True, autoincrement=False)
                for name in dimensions
            ]
            op.create_table(
                table, *columns, sa.Column(count, sa.Integer, nullable=False), sqlite_with_rowid=False
            )


TABLES = (*BARRIER_AND_RESOLVE, *CASE_TALLIES)


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
