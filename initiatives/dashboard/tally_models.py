"""The dashboard's tallies of barriers and cases: counts per combination of the dimensions its
figures group by and its filters select on, per month, so that a figure reads some thousands of
tally rows instead of millions of barriers (issue #27).

Kept exact by database triggers (migration 0038) in the transaction of every change, whoever
writes: a barrier added, changed, moved or deleted; a case withdrawn, merged, left out of the
council report, moved to another neighbourhood or given other themes. They count only the
barriers and cases that count: neither withdrawn nor merged into another case. The
app never writes them itself. A department of none is kept as 0 (`NO_DEPARTMENT`), so that the
dimensions make a primary key the triggers can add to (a NULL never conflicts).
"""

import sqlalchemy as sa

from initiatives.extensions import db

#: What a tally keeps for a barrier without a department.
NO_DEPARTMENT = 0

#: Marks the tables the triggers fill: test fixtures empty them last and never copy them.
TALLY = {"tally": True}


#: The dimensions a tally may have, with their column types.
DIMENSIONS = {
    "theme_id": sa.Integer,
    "neighbourhood_id": sa.Integer,
    "department_id": sa.Integer,
    "stage": lambda: sa.String(20),
    "month": sa.Date,
    "category_id": sa.Integer,
    "status": lambda: sa.String(20),
    "days_to_resolve": sa.Integer,
    "reported": sa.Boolean,
}

#: The barrier tallies by name, each with its dimensions in the order of its primary key (what a
#: filter selects on first, so that it reads its part alone): a figure reads the smallest that has
#: the dimensions it groups by and its filters select on (`barrier_tallies.pick`). The
#: `resolve` ones count only the resolved barriers, by days to resolve. Their sizes at a million
#: cases: in the report of issue #27.
BARRIER_TALLIES = {
    # Per category, department, stage and status, for the whole municipality.
    "barrier_kind_tallies": ("month", "category_id", "department_id", "stage", "status", "reported"),
    # Per neighbourhood: without the category.
    "barrier_area_tallies": ("month", "neighbourhood_id", "department_id", "stage", "status", "reported"),
    # Everything, read by neighbourhood: for an area.
    "barrier_tallies": (
        "neighbourhood_id",
        "month",
        "category_id",
        "department_id",
        "stage",
        "status",
        "reported",
    ),
    # Per theme of the case (a barrier counts once for each of its case's themes).
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
RESOLVE_TALLIES = {
    "resolve_tallies": ("month", "category_id", "days_to_resolve", "reported"),
    "resolve_department_tallies": ("department_id", "month", "category_id", "days_to_resolve", "reported"),
    "resolve_stage_tallies": ("stage", "month", "category_id", "days_to_resolve", "reported"),
    "resolve_area_tallies": ("neighbourhood_id", "month", "category_id", "days_to_resolve", "reported"),
    "resolve_theme_tallies": ("theme_id", "month", "category_id", "days_to_resolve", "reported"),
}
#: The cases per month received (the map).
CASE_TALLIES = {
    "initiative_tallies": ("month", "neighbourhood_id", "reported"),
    "initiative_theme_tallies": ("theme_id", "month", "neighbourhood_id", "reported"),
}


def _table(name, dimensions, count):
    columns = [
        sa.Column(dimension, DIMENSIONS[dimension](), primary_key=True, autoincrement=False)
        for dimension in dimensions
    ]
    # SQLite: the rows kept in their primary key's order (no rowid), so that a filter reads them
    # in one range instead of looking each up from the key's index.
    return sa.Table(
        name,
        db.metadata,
        *columns,
        sa.Column(count, sa.Integer, nullable=False),
        info=TALLY,
        sqlite_with_rowid=False,
    )


BARRIER_TABLES = [_table(name, dimensions, "barriers") for name, dimensions in BARRIER_TALLIES.items()]
RESOLVE_TABLES = [_table(name, dimensions, "barriers") for name, dimensions in RESOLVE_TALLIES.items()]
CASE_TABLES = [_table(name, dimensions, "initiatives") for name, dimensions in CASE_TALLIES.items()]
TALLY_TABLES = (*BARRIER_TABLES, *RESOLVE_TABLES, *CASE_TABLES)
