"""help tallies: the dashboard's help figures, its barrier x help matrix and the satisfaction counted ahead

At a million cases the help figures read some two million helps and half a million effects per
view. The tallies (`dashboard.help_tally_tables`) count them per month, per grouping
(municipality, neighbourhood, department and/or stage of the barriers addressed) and per what the
figures group by, in a few thousand rows per view. Triggers keep them exact in the same
transaction as every change, whoever writes: on helps, effects, barriers and cases (a case's
neighbourhood). Each trigger takes away what the rows it touches counted before the change and
adds what they count after it, recounted from the rows themselves: a help's or barrier's tally
rows are a few, and recounting them is simpler to get right than a delta per column. What a
deleted parent counted goes in its BEFORE DELETE trigger (its children are still there); its
children's own triggers then find no parent and count nothing.

The initiators' satisfaction is tallied per day a case was closed, neighbourhood and theme of the
case: its few rows serve any period, with no edges to count from the answers.

The migration fills the tallies from the rows present.

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-07

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0039"
down_revision = "0038"
branch_labels = None
depends_on = None

HELP_KEY = (
    "barrier_department_id",
    "barrier_stage",
    "theme_id",
    "neighbourhood_id",
    "month",
    "category_id",
    "status",
    "provider",
    "department_id",
)
MATRIX_KEY = (
    "department_id",
    "stage",
    "theme_id",
    "neighbourhood_id",
    "month",
    "barrier_category_id",
    "help_category_id",
)
SATISFACTION_KEY = ("theme_id", "closed_on", "neighbourhood_id")
#: The groupings, as (department, stage, theme, neighbourhood): each a row's first four columns,
#: 0 or '' for "any"; `b` is the barrier, `it` the case's theme, `c` the case.
GROUPINGS = (
    ("0", "''", "0", "0"),
    ("0", "''", "0", "c.neighbourhood_id"),
    ("0", "''", "it.theme_id", "0"),
    ("b.department_id", "''", "0", "0"),
    ("0", "b.stage", "0", "0"),
    ("b.department_id", "b.stage", "0", "0"),
)


def _month(column, postgresql):
    if postgresql:
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def _joins(grouping, of_barrier):
    """The joins and conditions a grouping needs: the case's themes, a barrier's department."""
    department, _stage, theme, _neighbourhood = grouping
    joins = f" JOIN initiative_themes it ON it.initiative_id = {of_barrier}" if theme != "0" else ""
    condition = " AND b.department_id IS NOT NULL" if department != "0" else ""
    return joins, condition


def _help_rows(where, sign, postgresql, without_barrier=None, groupings=None):
    """The upsert that adds (sign 1) or takes away (-1) what the helps `where` count: per help in
    the municipality, its case's neighbourhood and each of its case's themes, and per
    department, stage and both of the barriers it addressed (each once), leaving out barrier
    `without_barrier` (being deleted). A help counts only with its case, an address only with
    its barrier. `groupings`: only those of the barriers addressed ("barriers") or only the
    others ("case"), for a change that moves no other."""
    month = _month("h.requested_on", postgresql)
    columns = "h.category_id, h.status, h.provider, COALESCE(h.department_id, 0)"
    other = f" AND b.id <> {without_barrier}" if without_barrier else ""
    other_resolved = f" AND r.barrier_id <> {without_barrier}" if without_barrier else ""
    resolving = (
        "CASE WHEN EXISTS (SELECT 1 FROM help_effects r JOIN barriers rb ON rb.id = r.barrier_id"  # noqa: S608
        f" WHERE r.help_id = h.id AND r.effect = 'resolved'{other_resolved}) THEN 1 ELSE 0 END"
    )
    of_case = "FROM helps h JOIN initiatives c ON c.id = h.initiative_id"
    addressed = " JOIN help_effects e ON e.help_id = h.id JOIN barriers b ON b.id = e.barrier_id"
    parts = []
    for grouping in GROUPINGS:
        joins, condition = _joins(grouping, "h.initiative_id")
        department, stage, theme, neighbourhood = grouping
        of_barriers = "b." in department + stage
        if groupings is not None and of_barriers != (groupings == "barriers"):
            continue
        if of_barriers:  # per barrier addressed: each help once
            joins += addressed
            condition += other
            counts = (
                f"{sign} * COUNT(DISTINCT h.id),"
                f" {sign} * COUNT(DISTINCT CASE WHEN e.effect = 'resolved' THEN h.id END)"
            )
        else:
            counts = f"{sign} * COUNT(*), {sign} * SUM({resolving})"
        parts.append(
            f"SELECT {department}, {stage}, {theme}, {neighbourhood}, {month}, {columns}, {counts}"
            f" {of_case}{joins} WHERE {where}{condition} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"
        )
    return _upsert("help_tallies", HELP_KEY, ("helps", "resolving"), parts)


def _matrix_rows(where, sign, postgresql):
    """The upsert that adds or takes away what the barriers `where` count in the matrix: per pair
    of barrier category and help category of their effects 'resolved', each barrier once, in
    each grouping."""
    month = _month("b.raised_on", postgresql)
    resolved = "FROM barriers b JOIN help_effects e ON e.barrier_id = b.id AND e.effect = 'resolved'"
    parts = []
    for grouping in GROUPINGS:
        joins, condition = _joins(grouping, "b.initiative_id")
        department, stage, theme, neighbourhood = grouping
        neighbourhood = neighbourhood.replace("c.", "b.")  # the barrier's copy of its case's
        parts.append(
            f"SELECT {department}, {stage}, {theme}, {neighbourhood}, {month},"
            f" e.barrier_category_id, e.help_category_id, {sign} * COUNT(DISTINCT b.id)"
            f" {resolved}{joins} WHERE {where}{condition} GROUP BY 1, 2, 3, 4, 5, 6, 7"
        )
    return _upsert("matrix_tallies", MATRIX_KEY, ("barriers",), parts)


def _satisfaction_rows(where, sign):
    """The upsert that adds or takes away what the answers of the closed cases `where` count: per
    day closed and neighbourhood, in all (theme 0) and per theme of the case."""
    answers = "FROM initiatives c JOIN satisfaction_answers a ON a.initiative_id = c.id"
    themes = " JOIN initiative_themes it ON it.initiative_id = c.id"
    parts = [
        f"SELECT {theme}, c.closed_on, c.neighbourhood_id, {sign} * COUNT(*), {sign} * SUM(a.score)"
        f" {answers}{joins} WHERE {where} AND c.closed_on IS NOT NULL GROUP BY 1, 2, 3"
        for theme, joins in (("0", ""), ("it.theme_id", themes))
    ]
    return _upsert("satisfaction_tallies", SATISFACTION_KEY, ("answers", "total"), parts)


def _upsert(table, key, counts, parts):
    names = ", ".join((*key, *counts))
    added = ", ".join(f"{count} = {table}.{count} + excluded.{count}" for count in counts)
    # WHERE true: SQLite's parser needs it between a SELECT and ON CONFLICT.
    return (
        f"INSERT INTO {table} ({names}) SELECT * FROM ({' UNION ALL '.join(parts)}) AS counted WHERE true"  # noqa: S608
        f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET {added}"
    )


# -- which rows each change touches ------------------------------------------------------------


def _helps_of_barrier(barrier_id):
    return f"h.id IN (SELECT help_id FROM help_effects WHERE barrier_id = {barrier_id})"  # noqa: S608


def _effect_changes(sign, postgresql):
    """An effect added or removed moves its help's groupings of the barriers addressed; those of
    its case, and the matrix, only when it says 'resolved' (the bulk of effects do not)."""
    helps, matrix, pg = _help_rows, _matrix_rows, postgresql
    changes = []
    for operation, row in (("INSERT", "NEW"), ("DELETE", "OLD")):
        resolved = f"{row}.effect = 'resolved'"
        changes.append(
            (
                operation,
                None,
                [
                    helps(f"h.id = {row}.help_id", sign, pg, groupings="barriers"),
                    (resolved, helps(f"h.id = {row}.help_id", sign, pg, groupings="case")),
                    (resolved, matrix(f"b.id = {row}.barrier_id", sign, pg)),
                ],
            )
        )
    changes.append(
        (
            "UPDATE",
            EFFECT_COLUMNS,
            [
                helps("h.id IN (OLD.help_id, NEW.help_id)", sign, pg),
                matrix("b.id IN (OLD.barrier_id, NEW.barrier_id)", sign, pg),
            ],
        )
    )
    return changes


def _changes(postgresql):
    """{(table, timing): [(operation, columns of an update or None, [statements])]}: what each
    trigger runs, before the change (taking away) and after it (adding). A statement is SQL, or
    (condition on the row, SQL) to run only when it holds."""
    helps, matrix, satisfaction = _help_rows, _matrix_rows, _satisfaction_rows
    pg = postgresql
    return {
        ("helps", "BEFORE"): [
            ("DELETE", None, [helps("h.id = OLD.id", -1, pg)]),
            ("UPDATE", HELP_COLUMNS, [helps("h.id = OLD.id", -1, pg)]),
        ],
        ("helps", "AFTER"): [
            ("INSERT", None, [helps("h.id = NEW.id", 1, pg)]),
            ("UPDATE", HELP_COLUMNS, [helps("h.id = NEW.id", 1, pg)]),
        ],
        ("help_effects", "BEFORE"): _effect_changes(-1, pg),
        ("help_effects", "AFTER"): _effect_changes(1, pg),
        ("barriers", "BEFORE"): [
            (
                "DELETE",
                None,
                [
                    helps(_helps_of_barrier("OLD.id"), -1, pg),
                    # the helps count again without it: after the delete its effects are gone
                    helps(_helps_of_barrier("OLD.id"), 1, pg, without_barrier="OLD.id"),
                    matrix("b.id = OLD.id", -1, pg),
                ],
            ),
            (
                "UPDATE",
                BARRIER_COLUMNS,
                [helps(_helps_of_barrier("OLD.id"), -1, pg), matrix("b.id = OLD.id", -1, pg)],
            ),
        ],
        ("barriers", "AFTER"): [
            (
                "UPDATE",
                BARRIER_COLUMNS,
                [helps(_helps_of_barrier("NEW.id"), 1, pg), matrix("b.id = NEW.id", 1, pg)],
            ),
        ],
        ("initiatives", "BEFORE"): [
            ("DELETE", None, [helps("h.initiative_id = OLD.id", -1, pg), satisfaction("c.id = OLD.id", -1)]),
            (
                "UPDATE",
                CASE_COLUMNS,
                [helps("h.initiative_id = OLD.id", -1, pg), satisfaction("c.id = OLD.id", -1)],
            ),
        ],
        ("initiatives", "AFTER"): [
            (
                "UPDATE",
                CASE_COLUMNS,
                [helps("h.initiative_id = NEW.id", 1, pg), satisfaction("c.id = NEW.id", 1)],
            ),
        ],
        ("satisfaction_answers", "BEFORE"): [
            ("INSERT", None, [satisfaction("c.id = NEW.initiative_id", -1)]),
            ("DELETE", None, [satisfaction("c.id = OLD.initiative_id", -1)]),
            ("UPDATE", ANSWER_COLUMNS, [satisfaction("c.id IN (OLD.initiative_id, NEW.initiative_id)", -1)]),
        ],
        ("satisfaction_answers", "AFTER"): [
            ("INSERT", None, [satisfaction("c.id = NEW.initiative_id", 1)]),
            ("DELETE", None, [satisfaction("c.id = OLD.initiative_id", 1)]),
            ("UPDATE", ANSWER_COLUMNS, [satisfaction("c.id IN (OLD.initiative_id, NEW.initiative_id)", 1)]),
        ],
        ("initiative_themes", "BEFORE"): [
            (
                operation,
                None,
                [
                    helps(f"h.initiative_id = {row}.initiative_id", -1, pg),
                    matrix(f"b.initiative_id = {row}.initiative_id", -1, pg),
                    satisfaction(f"c.id = {row}.initiative_id", -1),
                ],
            )
            for operation, row in (("INSERT", "NEW"), ("DELETE", "OLD"))
        ],
        ("initiative_themes", "AFTER"): [
            (
                operation,
                None,
                [
                    helps(f"h.initiative_id = {row}.initiative_id", 1, pg),
                    matrix(f"b.initiative_id = {row}.initiative_id", 1, pg),
                    satisfaction(f"c.id = {row}.initiative_id", 1),
                ],
            )
            for operation, row in (("INSERT", "NEW"), ("DELETE", "OLD"))
        ],
    }


HELP_COLUMNS = ("requested_on", "category_id", "status", "provider", "department_id", "initiative_id")
EFFECT_COLUMNS = ("effect", "help_id", "barrier_id", "barrier_category_id", "help_category_id")
CASE_COLUMNS = ("neighbourhood_id", "closed_on")
ANSWER_COLUMNS = ("initiative_id", "score")
BARRIER_COLUMNS = ("raised_on", "neighbourhood_id", "department_id", "stage", "initiative_id")


def _trigger_name(table, timing, operation=None):
    return f"help_tallies_{table}_{timing.lower()}" + (f"_{operation.lower()}" if operation else "")


def _by_condition(statements):
    """{condition or None: [SQL]} of a trigger's statements."""
    grouped = {}
    for statement in statements:
        condition, sql = statement if isinstance(statement, tuple) else (None, statement)
        grouped.setdefault(condition, []).append(sql)
    return grouped


def _sqlite_triggers():
    """(name, CREATE TRIGGER) of each SQLite trigger: one per operation and condition."""
    for (table, timing), changes in _changes(postgresql=False).items():
        for operation, columns, statements in changes:
            event = f"UPDATE OF {', '.join(columns)}" if columns else operation
            for number, (condition, sqls) in enumerate(_by_condition(statements).items()):
                name = _trigger_name(table, timing, operation) + (f"_{number}" if number else "")
                when = f" WHEN {condition}" if condition else ""
                body = "".join(f"{sql};\n" for sql in sqls)
                yield name, f"CREATE TRIGGER {name} {timing} {event} ON {table}{when}\nBEGIN\n{body}END"


def _create_postgresql_triggers():
    for (table, timing), changes in _changes(postgresql=True).items():
        name = _trigger_name(table, timing)
        branches = ""
        for operation, _columns, statements in changes:
            branches += f"    IF TG_OP = '{operation}' THEN\n"
            for condition, sqls in _by_condition(statements).items():
                body = "".join(f"        {sql};\n" for sql in sqls)
                branches += f"    IF {condition} THEN\n{body}    END IF;\n" if condition else body
            branches += "    END IF;\n"
        # A BEFORE trigger returns the row to go on with; an AFTER trigger's return is ignored.
        if timing == "BEFORE":
            returned = "    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;\n    RETURN NEW;\n"
        else:
            returned = "    RETURN NULL;\n"
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
            f"{branches}{returned}END;\n$$"
        )
        events = " OR ".join(
            f"UPDATE OF {', '.join(columns)}" if columns else operation for operation, columns, _s in changes
        )
        op.execute(
            f"CREATE TRIGGER {name} {timing} {events} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()"
        )


def _is_postgresql():
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    op.create_table(
        "help_tallies",
        sa.Column("barrier_department_id", sa.Integer(), nullable=False),
        sa.Column("barrier_stage", sa.String(length=20), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("neighbourhood_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("helps", sa.Integer(), nullable=False),
        sa.Column("resolving", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*HELP_KEY, name=op.f("pk_help_tallies")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "matrix_tallies",
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("neighbourhood_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("barrier_category_id", sa.Integer(), nullable=False),
        sa.Column("help_category_id", sa.Integer(), nullable=False),
        sa.Column("barriers", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*MATRIX_KEY, name=op.f("pk_matrix_tallies")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "satisfaction_tallies",
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=False),
        sa.Column("neighbourhood_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*SATISFACTION_KEY, name=op.f("pk_satisfaction_tallies")),
        sqlite_with_rowid=False,
    )
    postgresql = _is_postgresql()
    op.execute(_satisfaction_rows("1 = 1", 1))
    op.execute(_help_rows("1 = 1", 1, postgresql))
    op.execute(_matrix_rows("1 = 1", 1, postgresql))
    if postgresql:
        _create_postgresql_triggers()
    else:
        for _name, statement in _sqlite_triggers():
            op.execute(statement)


def downgrade():
    if _is_postgresql():
        for table, timing in _changes(postgresql=True):
            name = _trigger_name(table, timing)
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    else:
        for name, _statement in _sqlite_triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("satisfaction_tallies")
    op.drop_table("matrix_tallies")
    op.drop_table("help_tallies")
