"""The dashboard's tallies of barriers and cases: counts per combination of the dimensions its
figures group by and its filters select on, per month, so that a figure reads some thousands of
tally rows instead of millions of barriers (issue #27).

Kept exact by database triggers (migration 0038) in the transaction of every change, whoever
writes: a barrier added, changed, moved or deleted; a case withdrawn, merged, left out of the
council report, moved to another neighbourhood or given other themes. They count only the
barriers and cases that count (`COUNTED`): neither withdrawn nor merged into another case. The
app never writes them itself. A department of none is kept as 0 (`NO_DEPARTMENT`), so that the
dimensions make a primary key the triggers can add to (a NULL never conflicts).
"""

import sqlalchemy as sa

from initiatives.extensions import db

#: What a tally keeps for a barrier without a department.
NO_DEPARTMENT = 0

#: Marks the tables the triggers fill: test fixtures empty them last and never copy them.
TALLY = {"tally": True}


def _dimension(name, type_=sa.Integer):
    return sa.Column(name, type_, primary_key=True, autoincrement=False)


def _barrier_dimensions():
    """The barrier's own dimensions: its month of raising, its case's neighbourhood, category,
    department and the stage the case was in."""
    return (
        _dimension("month", sa.Date),
        _dimension("neighbourhood_id"),
        _dimension("category_id"),
        _dimension("department_id"),
        _dimension("stage", sa.String(20)),
    )


#: Barriers per month raised, neighbourhood, category, department, stage, status and whether the
#: case is in the council report: the counts, the trend, the open ones by age, per neighbourhood.
barrier_tallies = sa.Table(
    "barrier_tallies",
    db.metadata,
    *_barrier_dimensions(),
    _dimension("status", sa.String(20)),
    _dimension("reported", sa.Boolean),
    sa.Column("barriers", sa.Integer, nullable=False),
    info=TALLY,
)

#: The resolved barriers by days to resolve, with the dimensions the filters need (the time to
#: resolve's histograms).
barrier_resolve_tallies = sa.Table(
    "barrier_resolve_tallies",
    db.metadata,
    *_barrier_dimensions(),
    _dimension("reported", sa.Boolean),
    _dimension("days_to_resolve"),
    sa.Column("barriers", sa.Integer, nullable=False),
    info=TALLY,
)

#: `barrier_tallies` per theme of the case (a barrier counts once for each of its case's themes):
#: for the theme filter.
barrier_theme_tallies = sa.Table(
    "barrier_theme_tallies",
    db.metadata,
    _dimension("theme_id"),
    *_barrier_dimensions(),
    _dimension("status", sa.String(20)),
    _dimension("reported", sa.Boolean),
    sa.Column("barriers", sa.Integer, nullable=False),
    info=TALLY,
)

#: Cases per month received, neighbourhood and whether in the council report (the map).
initiative_tallies = sa.Table(
    "initiative_tallies",
    db.metadata,
    _dimension("month", sa.Date),
    _dimension("neighbourhood_id"),
    _dimension("reported", sa.Boolean),
    sa.Column("initiatives", sa.Integer, nullable=False),
    info=TALLY,
)

#: `initiative_tallies` per theme of the case: for the theme filter.
initiative_theme_tallies = sa.Table(
    "initiative_theme_tallies",
    db.metadata,
    _dimension("theme_id"),
    _dimension("month", sa.Date),
    _dimension("neighbourhood_id"),
    _dimension("reported", sa.Boolean),
    sa.Column("initiatives", sa.Integer, nullable=False),
    info=TALLY,
)

TALLY_TABLES = (
    barrier_tallies,
    barrier_resolve_tallies,
    barrier_theme_tallies,
    initiative_tallies,
    initiative_theme_tallies,
)
