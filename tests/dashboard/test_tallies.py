"""The tallies (`barrier_tallies`, kept by the triggers of migration 0038) give the same figures as
the queries of the base rows (`barrier_figures`, `map_figures`), for random filter combinations:
after the demo generator's bulk inserts, and after writes through the API (barriers raised,
changed and resolved; cases moved, given other themes, left out of the council report,
withdrawn, reinstated, merged and unmerged)."""

import random
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from initiatives.auth.users import find_user
from initiatives.barriers.models import Barrier, BarrierCategory
from initiatives.cases.models import Initiative
from initiatives.cases.stages import Stage
from initiatives.core.dates import local_today
from initiatives.dashboard import barrier_figures, barrier_tallies, map_figures
from initiatives.dashboard.filters import DashboardFilters, Scope
from initiatives.dashboard.selection import Selection
from initiatives.dashboard.tally_models import TALLY_TABLES
from initiatives.extensions import db
from initiatives.organisation.models import Department, Neighbourhood
from initiatives.vocabularies.models import Theme
from tests.api.conftest import ApiClient, issue_token


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def invoke(*args):
        result = runner.invoke(args=list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result

    return invoke


def _day(rng, today):
    """A day of the demo data's years, often a month's first or last day."""
    day = today - timedelta(days=rng.randint(-20, 4 * 365))
    kind = rng.random()
    if kind < 0.2:
        return day.replace(day=1)
    if kind < 0.4:
        following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return day


def _filters(rng, today):
    """Random filters and scope: a period (open at either end, within one month, or of any
    days), an area (wijk, buurt or a manager's wijken), a department, a stage, a theme, the
    council report."""
    neighbourhoods = db.session.scalars(sa.select(Neighbourhood).order_by(Neighbourhood.id)).all()
    wijken = [row for row in neighbourhoods if row.is_wijk]
    start = _day(rng, today) if rng.random() < 0.7 else None
    end = _day(rng, today) if rng.random() < 0.7 else None
    if start and rng.random() < 0.2:
        end = min(
            start + timedelta(days=rng.randint(0, 20)),
            date(start.year + start.month // 12, start.month % 12 + 1, 1),
        )
    if start and end and start > end:
        start, end = end, start
    chance = 0.25
    filters = DashboardFilters(
        start=start,
        end=end,
        neighbourhood=rng.choice(neighbourhoods) if rng.random() < chance else None,
        department=rng.choice(db.session.scalars(sa.select(Department)).all())
        if rng.random() < chance
        else None,
        stage=rng.choice(list(Stage)) if rng.random() < chance else None,
        theme=rng.choice(db.session.scalars(sa.select(Theme)).all()) if rng.random() < chance else None,
        council_report=rng.random() < chance,
    )
    scope = Scope(wijken=tuple(rng.sample(wijken, 2))) if rng.random() < chance else Scope()
    if filters.neighbourhood is not None and not scope.covers(filters.neighbourhood):
        scope = Scope()
    return filters, scope


def _same_figures(selection, today):
    """The tallies' rows and the base rows' for `selection`, as comparable values."""
    pairs = (
        (barrier_tallies.barrier_counts, barrier_figures.barrier_counts, ()),
        (barrier_tallies.neighbourhood_counts, barrier_figures.neighbourhood_counts, ()),
        (barrier_tallies.resolve_days, barrier_figures.resolve_days, ()),
        (barrier_tallies.barriers_over_time, barrier_figures.barriers_over_time, (today,)),
        (barrier_tallies.initiative_counts, map_figures.initiative_counts, ()),
    )
    for tallied, reference, arguments in pairs:
        expected = reference(db.session, selection, *arguments)
        got = tallied(db.session, selection, *arguments)
        if isinstance(expected, dict):
            assert got == expected, (reference.__name__, selection.filters)
        else:
            assert sorted(got, key=repr) == sorted(expected, key=repr), (
                reference.__name__,
                selection.filters,
            )


def _compare(app, seed, rounds):
    rng = random.Random(seed)
    with app.app_context():
        today = local_today()
        _same_figures(Selection(DashboardFilters(), Scope()), today)
        for _round in range(rounds):
            filters, scope = _filters(rng, today)
            _same_figures(Selection(filters, scope), today)
        for table in TALLY_TABLES:  # nothing subtracted that was never added
            assert (db.session.scalar(sa.select(sa.func.min(list(table.c)[-1]))) or 0) >= 0, table.name


def test_tallies_give_the_base_rows_figures_after_bulk_generation(app, cli):
    cli("demo-data", "--initiatives", "150")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(TALLY_TABLES[0])) > 0
    _compare(app, seed=27, rounds=80)


def _api(app, username):
    return ApiClient(app.test_client(), issue_token(app, username))


def _ok(response, status=(200, 201)):
    assert response.status_code in ((status,) if isinstance(status, int) else status), response.get_json()
    return response.get_json()


def _patch(app, client, model, item_id, changes):
    """PATCH the case or barrier `item_id` with its current version."""
    with app.app_context():
        version = db.session.get(model, item_id).version
    url = f"/api/v1/{model.__tablename__}/{item_id}"
    return _ok(client.patch(url, json=changes, headers={"If-Match": f'"{version}"'}))


def test_tallies_follow_every_write_through_the_api(app, cli):
    cli("demo-data", "--initiatives", "30")
    noord = _api(app, "noord")
    today = local_today()
    with app.app_context():
        owner = find_user("noord")
        buurten = [row.code for wijk in owner.neighbourhoods for row in [wijk, *wijk.buurten]]
        categories = db.session.scalars(sa.select(BarrierCategory.code).where(BarrierCategory.active)).all()
        departments = db.session.scalars(sa.select(Department.id)).all()
    rng = random.Random(38)

    def new_case(code, themes, received_on):
        body = {
            "title": f"Initiatief {rng.randrange(10**6)}",
            "description": "Bewoners willen iets samen doen.",
            "neighbourhood": code,
            "channel": "phone",
            "received_on": received_on.isoformat(),
            "themes": themes,
        }
        return _ok(noord.post("/api/v1/initiatives", json=body))["id"]

    def work_day(days_ago):
        day = today - timedelta(days=days_ago)
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        return day

    cases = [
        new_case(
            rng.choice(buurten),
            rng.sample(["green", "play", "energy"], rng.randint(0, 2)),
            work_day(rng.randint(0, 400)),
        )
        for _ in range(6)
    ]
    barriers = []
    for case_id in cases:
        for _ in range(3):
            body = {
                "category": rng.choice(categories),
                "department": rng.choice([None, *departments]),
                "stage": rng.choice(["intake", "mapping", "relations"]),
                "raised_on": work_day(rng.randint(0, 150)).isoformat(),
            }
            barriers.append(_ok(noord.post(f"/api/v1/initiatives/{case_id}/barriers", json=body))["id"])
    _compare(app, seed=1, rounds=15)

    # Barriers resolved, accepted, moved to another category, department, stage and day.
    for barrier_id in barriers[::3]:
        with app.app_context():
            raised_on = db.session.get(Barrier, barrier_id).raised_on
        _patch(
            app,
            noord,
            Barrier,
            barrier_id,
            {
                "status": "resolved",
                "resolved_on": min(today, raised_on + timedelta(days=rng.randint(0, 40))).isoformat(),
            },
        )
    _patch(app, noord, Barrier, barriers[1], {"status": "accepted", "resolved_on": today.isoformat()})
    _patch(
        app,
        noord,
        Barrier,
        barriers[2],
        {
            "category": categories[0],
            "department": departments[0],
            "stage": "support",
            "raised_on": work_day(35).isoformat(),
        },
    )
    _patch(app, noord, Barrier, barriers[3], {"status": "open"})
    _compare(app, seed=2, rounds=15)

    # Cases moved to another neighbourhood, given other themes, received on another day, left
    # out of the council report.
    _patch(app, noord, Initiative, cases[0], {"neighbourhood": buurten[-1], "themes": ["green", "play"]})
    _patch(app, noord, Initiative, cases[1], {"themes": [], "received_on": work_day(500).isoformat()})
    _patch(app, noord, Initiative, cases[2], {"in_council_report": False})
    _compare(app, seed=3, rounds=15)

    # Withdrawn and reinstated; merged and unmerged.
    _ok(noord.post(f"/api/v1/initiatives/{cases[3]}/withdraw", json={"reason": "Dubbel geregistreerd."}))
    _compare(app, seed=4, rounds=10)
    _ok(noord.post(f"/api/v1/initiatives/{cases[3]}/reinstate", json={"reason": "Toch niet dubbel."}))
    _ok(noord.post(f"/api/v1/initiatives/{cases[4]}/withdraw", json={"reason": "Per ongeluk."}))
    _ok(
        noord.post(
            f"/api/v1/initiatives/{cases[5]}/merge", json={"into": cases[0], "reason": "Hetzelfde idee."}
        )
    )
    with app.app_context():
        assert db.session.get(Initiative, cases[5]).merged_into_id == cases[0]
    _compare(app, seed=5, rounds=20)
    _ok(noord.post(f"/api/v1/initiatives/{cases[5]}/merge/undo", json={"reason": "Toch twee ideeën."}))
    _compare(app, seed=6, rounds=20)

    # Whoever writes: a case deleted by hand, its barriers and themes going with it (the cascade).
    with app.app_context():
        db.session.execute(sa.delete(Initiative).where(Initiative.id == cases[1]))
        db.session.commit()
        assert not db.session.scalars(sa.select(Barrier).where(Barrier.initiative_id == cases[1])).all()
    _compare(app, seed=7, rounds=10)


def test_the_dashboard_api_gives_the_same_figures_with_the_tallies_off(app, cli):
    """DASHBOARD_TALLIES off reads every figure from the base rows (the bench's reference): the
    API's figures, and its map's, are the same either way, unfiltered and with filters."""
    cli("demo-data", "--initiatives", "120")
    client = _api(app, "secretaris")
    year_ago = local_today() - timedelta(days=365)
    urls = [
        "/api/v1/dashboard/barriers",
        f"/api/v1/dashboard/barriers?from={year_ago.replace(day=17)}&to={local_today()}",
        "/api/v1/dashboard/barriers?neighbourhood=WK999902&stage=embedding",
        "/api/v1/dashboard/barriers?theme=green&from=2026-02-14",
        "/api/v1/neighbourhoods.geojson",
        f"/api/v1/neighbourhoods.geojson?map_level=wijk&from={year_ago.replace(day=17)}&to={local_today()}",
        "/api/v1/neighbourhoods.geojson?theme=green&from=2026-02-14",
    ]
    for url in urls:
        from_tallies = _ok(client.get(url), 200)
        app.config["DASHBOARD_TALLIES"] = False
        try:
            from_base_rows = _ok(client.get(url), 200)
        finally:
            app.config["DASHBOARD_TALLIES"] = True
        assert from_tallies == from_base_rows, url
