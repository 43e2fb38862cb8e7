"""The help tallies (migration 0039, kept by triggers) give the help figures and the matrix exactly
as the queries of the base rows do: after bulk demo generation, and after each of the app's own
writes through the API (raising, deciding, applying, moving barriers, changing a case's
neighbourhood and themes, withdrawing, merging), for many filter combinations: periods with
edges in mid-month, each area level, department, stage, theme, the council report, a scope of
some wijken."""

import random
import sqlite3
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from initiatives.barriers.models import Barrier, Help
from initiatives.cases.models import Initiative
from initiatives.cases.stages import Stage
from initiatives.dashboard import help_figures, help_tallies, satisfaction, satisfaction_tallies
from initiatives.dashboard.filters import DashboardFilters, Scope
from initiatives.dashboard.help_tally_tables import help_tallies as help_tally_table
from initiatives.dashboard.help_tally_tables import satisfaction_tallies as satisfaction_tally_table
from initiatives.dashboard.selection import Selection
from initiatives.demo import initiatives as demo_cases
from initiatives.extensions import db
from initiatives.organisation.models import Department, Neighbourhood
from initiatives.organisation.operations import find_neighbourhood
from initiatives.status_page.models import SatisfactionAnswer
from initiatives.vocabularies.models import Theme
from tests.api.conftest import ApiClient, issue_token

#: (the base rows' query, the tallies') per figure.
FIGURES = {
    "help_counts": (help_figures.help_counts, help_tallies.help_counts),
    "resolving_help_counts": (help_figures.resolving_help_counts, help_tallies.resolving_help_counts),
    "matrix_counts": (help_figures.matrix_counts, help_tallies.matrix_counts),
    "satisfaction_counts": (satisfaction.satisfaction_counts, satisfaction_tallies.satisfaction_counts),
}
STAGES = [stage for stage in Stage if stage is not Stage.CLOSED]


def _random_filters(rng, neighbourhoods, departments, themes, first_day, days):
    filters = DashboardFilters()
    if rng.random() < 0.8:
        start = first_day + timedelta(days=rng.randrange(days))
        filters.start = start if rng.random() < 0.8 else None
        filters.end = start + timedelta(days=rng.randrange(400)) if rng.random() < 0.8 else None
        if rng.random() < 0.3 and filters.start:  # whole months too
            filters.start = filters.start.replace(day=1)
    if rng.random() < 0.4:
        filters.neighbourhood = rng.choice(neighbourhoods)
    if rng.random() < 0.3:
        filters.department = rng.choice(departments)
    if rng.random() < 0.3:
        filters.stage = rng.choice(STAGES)
    if rng.random() < 0.15:
        filters.theme = rng.choice(themes)
    filters.council_report = rng.random() < 0.25
    return filters


def _selections(seed, count, first_day=date(2024, 12, 1), days=800):
    """`count` selections with random filters, one in four within a scope of some wijken."""
    rng = random.Random(seed)
    session = db.session
    neighbourhoods = session.scalars(sa.select(Neighbourhood).order_by(Neighbourhood.id)).all()
    wijken = [row for row in neighbourhoods if row.is_wijk]
    departments = session.scalars(sa.select(Department).order_by(Department.id)).all()
    themes = session.scalars(sa.select(Theme).order_by(Theme.id)).all()
    for _ in range(count):
        filters = _random_filters(rng, neighbourhoods, departments, themes, first_day, days)
        scope = Scope(wijken=tuple(rng.sample(wijken, 2))) if rng.random() < 0.25 else Scope()
        yield Selection(filters, scope)


def _normal(rows):
    return dict(rows) if isinstance(rows, dict) else sorted(tuple(row) for row in rows)


def assert_tallies_match(seed, count=40):
    """Each figure from the tallies equals the base rows' for `count` random selections."""
    checked = 0
    for selection in _selections(seed, count):
        for name, (reference, tallied) in FIGURES.items():
            expected = _normal(reference(db.session, selection))
            actual = _normal(tallied(db.session, selection))
            assert actual == expected, f"{name} for {selection.filters} in {selection.scope}"
            checked += bool(expected)
    assert checked  # some figures had something to count


def test_the_tallies_count_the_generated_demo_cases(demo_world):
    with demo_world.app_context():
        demo_cases.generate(40, seed=11)
        for table in (help_tally_table, satisfaction_tally_table):
            assert db.session.scalar(sa.select(sa.func.count()).select_from(table))
        assert_tallies_match(seed=1, count=80)


def test_the_satisfaction_tallies_follow_a_closed_cases_changes(demo_world):
    """A closed case with answers moves to another neighbourhood and theme, and is withdrawn."""
    with demo_world.app_context():
        demo_cases.generate(30, seed=5)
        answered = db.session.scalar(
            sa.select(SatisfactionAnswer.initiative_id).order_by(SatisfactionAnswer.initiative_id).limit(1)
        )
        version = _version(Initiative, answered)
        db.session.remove()
    with demo_world.app_context():
        owner = db.session.get(Initiative, answered).owner.username
        db.session.remove()
    api = ApiClient(demo_world.test_client(), issue_token(demo_world, owner))
    _send(
        api, "PATCH", f"/initiatives/{answered}", {"neighbourhood": "WK999903", "themes": ["play"]}, version
    )
    _check(demo_world, 9)
    _send(api, "POST", f"/initiatives/{answered}/withdraw", {"reason": "Dubbel geregistreerd."})
    _check(demo_world, 10)


@pytest.fixture
def api(demo_world, data_set):
    token = issue_token(demo_world, "noord")
    return ApiClient(demo_world.test_client(), token)


def _send(api, method, url, body, version=None):
    headers = {"If-Match": f'"{version}"'} if version is not None else {}
    response = api.request(method, f"/api/v1{url}", json=body, headers=headers)
    assert response.status_code in (200, 201), response.get_json()
    return response.get_json()


def _version(model, row_id):
    with db.session.no_autoflush:
        return db.session.get(model, row_id).version


def _check(app, seed):
    with app.app_context():
        assert_tallies_match(seed, count=25)
        db.session.remove()


def test_the_tallies_follow_the_apps_writes(demo_world, data_set, api):
    app, cases, barriers, helps = demo_world, data_set["cases"], data_set["barriers"], data_set["helps"]
    departments = data_set["departments"]
    _check(app, 1)

    # raise a barrier, and a help for it and another barrier of the case
    raised = _send(
        api,
        "POST",
        f"/initiatives/{cases['A']}/barriers",
        {
            "category": "silos",
            "department": departments["Financiën"],
            "stage": "relations",
            "raised_on": "2025-03-14",
        },
    )
    requested = _send(
        api,
        "POST",
        f"/initiatives/{cases['A']}/helps",
        {
            "category": "budget",
            "provider": "alderman",
            "requested_on": "2025-03-17",
            "barrier_ids": [raised["id"], barriers["b2"]],
        },
    )
    _check(app, 2)

    # granted, then applied: one barrier resolved, the other partly
    help_url = f"/helps/{requested['id']}"
    granted = _send(
        api, "PATCH", help_url, {"status": "granted", "decided_by": "wethouder"}, requested["version"]
    )
    _send(
        api,
        "PATCH",
        help_url,
        {"status": "applied", "effects": {str(raised["id"]): "resolved", str(barriers["b2"]): "partly"}},
        granted["version"],
    )
    _check(app, 3)

    # move barriers: another department, stage, month and category
    with app.app_context():
        b2_version, b1_version = _version(Barrier, barriers["b2"]), _version(Barrier, barriers["b1"])
    _send(
        api,
        "PATCH",
        f"/barriers/{barriers['b2']}",
        {"department": departments["Financiën"], "stage": "relations", "raised_on": "2025-05-02"},
        b2_version,
    )
    _send(api, "PATCH", f"/barriers/{barriers['b1']}", {"category": "rigid_rules"}, b1_version)
    _check(app, 4)

    # a requested help addresses other barriers; and changes its category
    with app.app_context():
        h6_version = _version(Help, helps["h6"])
    _send(
        api,
        "PATCH",
        f"/helps/{helps['h6']}",
        {"barrier_ids": [barriers["b6"], barriers["b11"]], "category": "budget"},
        h6_version,
    )
    _check(app, 5)

    # the case moves to another wijk, with other themes
    with app.app_context():
        a_version = _version(Initiative, cases["A"])
        assert find_neighbourhood("WK999903")
    _send(
        api,
        "PATCH",
        f"/initiatives/{cases['A']}",
        {"neighbourhood": "WK999903", "themes": ["play"]},
        a_version,
    )
    _check(app, 6)

    # withdrawn, left out of the council report, merged
    _send(api, "POST", f"/initiatives/{cases['C']}/withdraw", {"reason": "Dubbel geregistreerd."})
    with app.app_context():
        d_version = _version(Initiative, cases["D"])
    _send(api, "PATCH", f"/initiatives/{cases['D']}", {"in_council_report": False}, d_version)
    _check(app, 7)
    _send(api, "POST", f"/initiatives/{cases['B']}/merge", {"into": cases["A"], "reason": "Dubbel."})
    _check(app, 8)


def _vm_steps_of_a_themes_write(path, case_id):
    """SQLite's virtual machine steps (in hundreds) of taking a case's themes away, triggers
    included, on a connection that has no planner statistics (as a new database, or one being
    bulk loaded, has none); rolled back."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("DELETE FROM sqlite_stat1")
    connection.close()
    connection = sqlite3.connect(path, isolation_level=None)  # reads the (missing) statistics anew
    steps = 0

    def count():
        nonlocal steps
        steps += 1
        return 0

    try:
        connection.execute("BEGIN")
        connection.set_progress_handler(count, 100)
        connection.execute("DELETE FROM initiative_themes WHERE initiative_id = ?", (case_id,))
        connection.set_progress_handler(None, 0)
        connection.execute("ROLLBACK")
    finally:
        connection.close()
    return steps


def test_a_write_recounts_its_own_rows_not_every_resolved_effect(demo_world):
    """Migration 0040: without planner statistics, SQLite's triggers recounted a barrier's matrix
    rows by reading every effect 'resolved' in the database, so that generating a million demo
    cases slowed to a crawl. A write's work now stays the same when other cases add effects."""
    with demo_world.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's triggers")
        demo_cases.generate(60, seed=11)
        path = db.engine.url.database
        case_id = db.session.execute(
            sa.text(
                "SELECT b.initiative_id FROM barriers b JOIN help_effects e ON e.barrier_id = b.id"
                " WHERE e.effect = 'resolved' AND b.initiative_id IN (SELECT initiative_id FROM initiative_themes)"
                " GROUP BY b.initiative_id ORDER BY count(*) DESC, b.initiative_id LIMIT 1"
            )
        ).scalar_one()
    before = _vm_steps_of_a_themes_write(path, case_id)
    with demo_world.app_context():
        demo_cases.generate(240, seed=12)  # five times the resolved effects, all elsewhere
    after = _vm_steps_of_a_themes_write(path, case_id)
    assert after < before * 1.25, (before, after)
