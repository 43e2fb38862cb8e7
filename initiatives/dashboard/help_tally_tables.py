"""The help figures' and the satisfaction's tallies: counts kept by database triggers in the same transaction as every
change to helps, effects, barriers and cases (migration 0039), so that the dashboard reads a few
thousand rows instead of millions (`help_tallies`).

Each row counts in one grouping: the whole municipality (neighbourhood 0), one neighbourhood, one
theme of the case (0: any), one department (0: any) and/or one stage ('': any) of the barriers a
help addressed. A help, or a
barrier, counts once in each grouping it belongs to, so that a filter reads one grouping and
counts nothing twice. Every case counts here, withdrawn or not: the reads subtract the few left
out. Rows may hold 0 after deletions; the reads leave them out.
"""

import sqlalchemy as sa

from initiatives.extensions import db

#: The grouping value meaning "all neighbourhoods", "any department", "any stage".
ALL = 0
ANY_STAGE = ""

help_tallies = sa.Table(
    "help_tallies",
    db.metadata,
    # The grouping first, then the month, so that a filter reads one range per neighbourhood.
    sa.Column("barrier_department_id", sa.Integer, primary_key=True),
    sa.Column("barrier_stage", sa.String(20), primary_key=True),
    #: One of the case's themes (0: any).
    sa.Column("theme_id", sa.Integer, primary_key=True),
    sa.Column("neighbourhood_id", sa.Integer, primary_key=True),
    #: The first day of the month the helps were requested in.
    sa.Column("month", sa.Date, primary_key=True),
    sa.Column("category_id", sa.Integer, primary_key=True),
    sa.Column("status", sa.String(20), primary_key=True),
    sa.Column("provider", sa.String(20), primary_key=True),
    #: The help's department (0: none).
    sa.Column("department_id", sa.Integer, primary_key=True),
    #: Helps requested (that addressed a barrier of the grouping's department and stage, if any).
    sa.Column("helps", sa.Integer, nullable=False),
    #: Of those, the helps that resolved a barrier (of the grouping's department and stage).
    sa.Column("resolving", sa.Integer, nullable=False),
    sqlite_with_rowid=False,
    # Kept by triggers: the tests empty them last and never restore them (tests/conftest.py).
    info={"tally": True},
)

matrix_tallies = sa.Table(
    "matrix_tallies",
    db.metadata,
    #: The barrier's department (0: any) and stage ('': any), neighbourhood (0: all).
    sa.Column("department_id", sa.Integer, primary_key=True),
    sa.Column("stage", sa.String(20), primary_key=True),
    #: One of the case's themes (0: any).
    sa.Column("theme_id", sa.Integer, primary_key=True),
    sa.Column("neighbourhood_id", sa.Integer, primary_key=True),
    #: The first day of the month the barriers were raised in.
    sa.Column("month", sa.Date, primary_key=True),
    sa.Column("barrier_category_id", sa.Integer, primary_key=True),
    sa.Column("help_category_id", sa.Integer, primary_key=True),
    #: Barriers that a help of the help category resolved.
    sa.Column("barriers", sa.Integer, nullable=False),
    sqlite_with_rowid=False,
    # Kept by triggers: the tests empty them last and never restore them (tests/conftest.py).
    info={"tally": True},
)

satisfaction_tallies = sa.Table(
    "satisfaction_tallies",
    db.metadata,
    #: One of the case's themes (0: any).
    sa.Column("theme_id", sa.Integer, primary_key=True),
    #: The day the cases were closed: a few rows a day, so any period is read exactly.
    sa.Column("closed_on", sa.Date, primary_key=True),
    sa.Column("neighbourhood_id", sa.Integer, primary_key=True),
    #: The initiators' answers to the closed cases' question, and the sum of their scores.
    sa.Column("answers", sa.Integer, nullable=False),
    sa.Column("total", sa.Integer, nullable=False),
    sqlite_with_rowid=False,
    # Kept by triggers: the tests empty them last and never restore them (tests/conftest.py).
    info={"tally": True},
)
