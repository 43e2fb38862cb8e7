"""The date arithmetic that differs between SQLite and PostgreSQL, as two small SQL functions."""

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class days_between(FunctionElement):  # lower case: used like the functions in sa.func
    """The number of days from the first date to the second, as a whole number."""

    type = sa.Integer()
    name = "days_between"
    inherit_cache = True


@compiles(days_between)
def _days_between(element, compiler, **kw):
    """PostgreSQL: subtracting two dates gives the number of days."""
    start, end = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"({end} - {start})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    """SQLite keeps dates as ISO text: compare their Julian day numbers."""
    start, end = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"


class days_after(FunctionElement):  # lower case: used like the functions in sa.func
    """The date a whole number of days after a date (the number may be an expression)."""

    type = sa.Date()
    name = "days_after"
    inherit_cache = True


@compiles(days_after)
def _days_after(element, compiler, **kw):
    """PostgreSQL: a date plus a whole number is a date."""
    day, days = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"({day} + {days})"


@compiles(days_after, "sqlite")
def _days_after_sqlite(element, compiler, **kw):
    """SQLite keeps dates as YYYY-MM-DD text: its date() adds a modifier such as '+42 days'."""
    day, days = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"date({day}, '+' || ({days}) || ' days')"


class quarter_number(FunctionElement):  # lower case: used like the functions in sa.func
    """The quarter a date lies in, as year * 4 + quarter - 1 (so 2025 Q1 is 8100)."""

    type = sa.Integer()
    name = "quarter_number"
    inherit_cache = True


@compiles(quarter_number)
def _quarter_number(element, compiler, **kw):
    """PostgreSQL: whole numbers from date_part (EXTRACT gives numerics, slower to add up)."""
    (day,) = (compiler.process(argument, **kw) for argument in element.clauses)
    year, month = (f"CAST(date_part('{part}', {day}) AS INTEGER)" for part in ("year", "month"))
    return f"({year} * 4 + ({month} - 1) / 3)"


@compiles(quarter_number, "sqlite")
def _quarter_number_sqlite(element, compiler, **kw):
    """SQLite keeps dates as YYYY-MM-DD text: cut out the year and the month."""
    (day,) = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"(CAST(substr({day}, 1, 4) AS INTEGER) * 4 + (CAST(substr({day}, 6, 2) AS INTEGER) - 1) / 3)"


class not_indexed(FunctionElement):  # lower case: used like the functions in sa.func
    """A column the planner should not search an index by, in a condition that filters rather
    than selects: on SQLite the unary + of its query planner documentation; elsewhere the column."""

    name = "not_indexed"
    inherit_cache = True

    @property
    def type(self):
        return self.clauses.clauses[0].type


@compiles(not_indexed)
def _not_indexed(element, compiler, **kw):
    (column,) = (compiler.process(argument, **kw) for argument in element.clauses)
    return column


@compiles(not_indexed, "sqlite")
def _not_indexed_sqlite(element, compiler, **kw):
    (column,) = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"+{column}"


class rarely(FunctionElement):  # lower case: used like the functions in sa.func
    """A condition true of few rows, which the planner should search an index by even where its
    statistics say otherwise (a column that is NULL in nearly every row, say): on SQLite its
    likelihood() hint of 0.1 %; elsewhere the condition, as PostgreSQL's statistics see it."""

    name = "rarely"
    inherit_cache = True
    type = sa.types.NullType()  # not Boolean: SQLite would compare it with 1 and lose the hint


@compiles(rarely)
def _rarely(element, compiler, **kw):
    (condition,) = (compiler.process(argument, **kw) for argument in element.clauses)
    return condition


@compiles(rarely, "sqlite")
def _rarely_sqlite(element, compiler, **kw):
    (condition,) = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"likelihood({condition}, 0.001)"
