"""The million-case path at CI size: `make bench INITIATIVES=1000000` runs the same code as here at
20,000 cases, on the suite's kind of database (SQLite file or PostgreSQL).

It generates the cases with the demo generator, then times every page, the dashboard views and
the map's GeoJSON, and downloads the anonymised CSV export. What is checked is that the whole path
works at this size and reports what it measured; the timings themselves are `make bench`'s to
judge on a quiet machine, not a test's.
"""

import re

import pytest
import sqlalchemy as sa

from scripts import bench, bench_exports
from tests.reliability.support import own_database

CASES = 20_000


@pytest.fixture(scope="module")
def scaled_database(database_url, tmp_path_factory):
    with own_database(database_url, tmp_path_factory.mktemp("scaled"), "scaled") as url:
        yield url


def _table_rows(output, header):
    """The rows of the table printed under the line starting with `header`, as lists of columns."""
    lines = output.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        rows.append(line)
    return rows


@pytest.mark.slow
def test_the_bench_runs_its_whole_path_at_20000_cases(scaled_database, tmp_path, capsys):
    plans = tmp_path / "plans.txt"
    status = bench.main(
        [
            "--database-url",
            scaled_database,
            "--initiatives",
            str(CASES),
            "--requests",
            "3",
            "--dashboard-requests",
            "2",
            "--plans",
            str(plans),
        ]
    )
    output = capsys.readouterr().out
    assert f"Generated {CASES} cases" in output
    counts = re.search(
        rf"Database: \w+, {CASES} cases, (\d+) activities, (\d+) barriers, (\d+) helps", output
    )
    activities, barriers, helps = (int(count) for count in counts.groups())
    # about 10 activities, 3 barriers and 2 helps a case, as at a million
    assert activities > 8 * CASES
    assert barriers > 2 * CASES
    assert helps > CASES
    # 1 only when a median is over its target: timings are not what this test judges.
    assert status in (0, 1)
    assert "FAILED" not in output

    pages = _table_rows(output, "page ")
    assert len(pages) == 9
    assert all(re.search(r"\s200\s", row) for row in pages), pages
    views = _table_rows(output, "view ")
    names = [row.split("  ")[0] for row in views]
    assert names[:2] == ["unfiltered", "period: one year"]
    assert len(views) == 7
    assert all(re.search(r"\s200\s", row) for row in views), views
    # The plans of every dashboard statement, with their raw times.
    written = plans.read_text(encoding="utf-8")
    assert written.count("=== ") >= 7
    assert "--- statement 1: raw" in written


@pytest.mark.slow
def test_the_csv_export_of_20000_cases_streams(scaled_database, tmp_path, capsys):
    """After the bench above (same module database): the export of all cases, in a process of its
    own, with its memory growth measured."""
    engine = sa.create_engine(scaled_database)
    with engine.connect() as connection:
        cases = connection.scalar(sa.text("SELECT count(*) FROM initiatives"))
    engine.dispose()
    if cases != CASES:
        pytest.skip("runs after the bench test, on the cases it generated")
    status = bench_exports.main(
        ["--database-url", scaled_database, "--sizes", str(CASES), "--formats", "csv"]
    )
    output = capsys.readouterr().out
    assert status in (0, 1)
    row = next(line.split() for line in output.splitlines() if line.startswith("csv ") and "MB" not in line)
    assert row[:3] == ["csv", str(CASES), "200"]
    assert float(row[3]) * 1e6 > 100 * CASES  # bytes written: a row per case, not a first page of them
