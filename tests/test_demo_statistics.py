"""A bulk load of demo cases keeps the planner's statistics up with the tables on PostgreSQL: the
tally triggers' statements are planned from them, and without them each row read every help and
effect (a load stalled at 4,000 cases on a server without autovacuum)."""

import pytest
import sqlalchemy as sa

from initiatives.demo import initiatives as demo_cases
from initiatives.extensions import db


def test_the_load_counts_the_tables_as_they_double(demo_world, monkeypatch):
    refreshed = []
    monkeypatch.setattr(demo_cases, "_refresh_statistics", lambda: refreshed.append(demo_cases.Initiative))
    with demo_world.app_context():
        before = db.session.query(demo_cases.Initiative).count()
        demo_cases.generate(50, seed=5, chunk_size=10)  # five chunks, made here
        assert db.session.query(demo_cases.Initiative).count() == before + 50
        postgresql = db.engine.dialect.name == "postgresql"
    # After chunk 1, 2 and 4 on PostgreSQL; SQLite's triggers need no statistics (migration 0040).
    assert len(refreshed) == (3 if postgresql else 0)


def test_refreshing_the_statistics_runs_on_postgresql(demo_world):
    with demo_world.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("PostgreSQL's statistics")
        demo_cases._refresh_statistics()
        analysed = db.session.execute(
            sa.text("SELECT count(*) FROM pg_class WHERE relname = 'help_effects' AND reltuples >= 0")
        ).scalar_one()
        assert analysed == 1
