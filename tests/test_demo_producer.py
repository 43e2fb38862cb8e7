"""`flask demo-data --initiatives N` beyond one chunk: the cases are made in a second process while
the first writes them; the same cases as made in one process, and its failures reported."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.barriers.models import Barrier, Help, HelpEffect
from initiatives.cases.models import (
    Activity,
    Initiative,
    Initiator,
    StageChange,
    activity_skills,
    initiative_team,
    initiative_themes,
)
from initiatives.challenges.models import Challenge, ChallengeReview
from initiatives.demo import initiatives as demo_cases
from initiatives.exports.models import PublicCaseTexts, PublicDetailText
from initiatives.extensions import db
from initiatives.status_page.models import SatisfactionAnswer
from tests.conftest import _empty_all_tables

TABLES = [
    Initiative.__table__,
    initiative_themes,
    initiative_team,
    Initiator.__table__,
    StageChange.__table__,
    Activity.__table__,
    activity_skills,
    Barrier.__table__,
    Help.__table__,
    HelpEffect.__table__,
    SatisfactionAnswer.__table__,
    Challenge.__table__,
    ChallengeReview.__table__,
    PublicCaseTexts.__table__,
    PublicDetailText.__table__,
]


@pytest.fixture
def fixed_clock(monkeypatch):
    """The cases' clock stopped, so that two runs make the same timestamps."""
    monkeypatch.setattr(demo_cases, "utcnow", lambda: datetime(2026, 11, 2, 10, 30, tzinfo=UTC))
    monkeypatch.setattr(demo_cases, "local_today", lambda: date(2026, 11, 2))


@pytest.fixture
def made_apart(monkeypatch):
    """The sizes of the runs whose cases were made in a second process."""
    runs = []
    made = demo_cases._made_apart

    def counting(factory, count, *args):
        runs.append(count)
        return made(factory, count, *args)

    monkeypatch.setattr(demo_cases, "_made_apart", counting)
    return runs


def _demo_rows():
    """Every row the demo cases made, table by table, and the numbers of search documents."""
    rows = {
        table.name: sorted((tuple(row) for row in db.session.execute(sa.select(table))), key=repr)
        for table in TABLES
    }
    for index in ("initiative_search", "initiative_search_public"):
        rows[index] = db.session.scalar(sa.select(sa.func.count()).select_from(sa.table(index)))
    return rows


def _start_again(request):
    _empty_all_tables()
    with db.engine.begin() as connection:
        request.getfixturevalue("_snapshots")[0].restore(connection)


def test_cases_made_apart_are_those_made_in_one_process(app, monkeypatch, fixed_clock, made_apart, request):
    runner = app.test_cli_runner()
    monkeypatch.setattr(demo_cases, "CHUNK_SIZE", 30)
    apart = runner.invoke(args=["demo-data", "--initiatives", "100", "--seed", "5"], catch_exceptions=False)
    assert apart.exit_code == 0, apart.output
    assert made_apart == [100]  # four chunks, made in the second process
    assert "100 demo cases added (ids 1-100)" in apart.output
    assert "100/100" in apart.output  # the cases done, on the progress bar
    with app.app_context():
        first = _demo_rows()
        _start_again(request)

    monkeypatch.setattr(demo_cases, "CHUNK_SIZE", 100)
    here = runner.invoke(args=["demo-data", "--initiatives", "100", "--seed", "5"], catch_exceptions=False)
    assert here.exit_code == 0, here.output
    assert made_apart == [100]  # one chunk: made in this process
    with app.app_context():
        again = _demo_rows()
    assert len(first["initiatives"]) == 100
    assert first["activities"]
    assert first["barriers"]
    assert first["public_case_texts"]
    assert first["initiative_search"] == first["initiative_search_public"] == 100
    assert again == first
    # What the run says it made is what the second process counted.
    assert _made(apart.output) == _made(here.output)
    assert "activities" in _made(apart.output)


def _made(output):
    """What a run says it made: "(ids 1-100) with 463 activities, ... helps"."""
    return output.split("demo cases added ")[1].split(" in ")[0]


class FailingFactory(demo_cases.CaseFactory):
    """Makes 50 cases, then fails (in the second process, which imports this module to get it)."""

    def add_case(self, chunk):
        if self.next_initiative > 50:
            raise RuntimeError("no more ideas after case 50")
        super().add_case(chunk)


def test_a_failure_of_the_second_process_ends_the_command_with_its_message(app, monkeypatch, made_apart):
    monkeypatch.setattr(demo_cases, "CHUNK_SIZE", 20)
    monkeypatch.setattr(demo_cases, "CaseFactory", FailingFactory)
    result = app.test_cli_runner().invoke(args=["demo-data", "--initiatives", "100"])
    assert made_apart == [100]
    assert result.exit_code == 1
    assert "Making the demo cases failed in their own process" in result.output
    assert "RuntimeError: no more ideas after case 50" in result.output
    with app.app_context():
        # The chunks made before the failure were written; the run was not recorded as done.
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Initiative)) == 40
        assert not db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "demo.initiatives_created")
        )
