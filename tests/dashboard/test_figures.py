"""Every figure of the dashboard against hand-computed expectations, for every filter and both
kinds of reader; period boundaries, ignored filters and retired categories."""

import pytest
from werkzeug.datastructures import MultiDict

from initiatives.auth.users import find_user
from initiatives.dashboard.controllers import selected_dashboard
from initiatives.dashboard.figures import Quarter, percentile
from tests.dashboard.expected import EXPECTED, FILTERS, MANAGERS

FIGURES = (
    "category",
    "department",
    "wijk",
    "stage",
    "trend",
    "resolve",
    "age",
    "oldest",
    "helps",
    "refusals",
    "matrix",
)


def url_args(args, data_set):
    """The URL arguments, with a department's name replaced by its id."""
    if "department" in args and not str(args["department"]).isdigit():
        return {**args, "department": str(data_set["departments"][args["department"]])}
    return args


def run(app, username, args):
    """Return (filters, dashboard) as `username` sees them with the URL arguments `args`."""
    with app.test_request_context():
        filters, _scope, dashboard = selected_dashboard(MultiDict(args), find_user(username))
        return filters, dashboard, figures(dashboard)


def figures(dashboard):
    """The dashboard in the shapes of tests/dashboard/expected.py (barriers by id)."""
    trend = dashboard.trend
    return {
        "category": {tally.key: (tally.total, tally.open) for tally in dashboard.by_category},
        "department": {
            (None if tally.key is None else tally.label): (tally.total, tally.open)
            for tally in dashboard.by_department
            if tally.total
        },
        "wijk": {tally.label: (tally.total, tally.open) for tally in dashboard.by_neighbourhood},
        "stage": {tally.key: (tally.total, tally.open) for tally in dashboard.by_stage},
        "trend": (
            [quarter.code for quarter in trend.quarters],
            {series.key: series.counts for series in trend.series if series.total},
        ),
        "resolve": {
            row.key: (row.resolved, row.median, row.p90) for row in dashboard.time_to_resolve if row.resolved
        },
        "age": {
            row.key: {key: count for key, count in row.counts.items() if count}
            for row in dashboard.open_by_age.rows
            if row.total
        },
        "oldest": [barrier.id for barrier in dashboard.open_by_age.oldest],
        "helps": {
            tally.key: (tally.requested, tally.granted, tally.refused, tally.applied, tally.resolved)
            for tally in dashboard.help_effectiveness
            if tally.requested
        },
        "refusals": {
            (refusal.provider, None if refusal.department_id is None else str(refusal.label)): refusal.refused
            for refusal in dashboard.refusals
        },
        "matrix": dashboard.matrix.counts,
    }


def expected_figures(name, data_set):
    expected = dict(EXPECTED[name])
    expected["oldest"] = [data_set["barriers"][key] for key in expected["oldest"]]
    return expected


def assert_figures(actual, expected):
    for figure in FIGURES:
        assert actual[figure] == expected[figure], f"figure {figure!r}"


@pytest.mark.parametrize("name", list(FILTERS))
def test_secretary_figures_for_each_filter(demo_world, data_set, name):
    _filters, _dashboard, actual = run(demo_world, "secretaris", url_args(FILTERS[name], data_set))
    assert_figures(actual, expected_figures(name, data_set))


@pytest.mark.parametrize("name", list(MANAGERS))
def test_a_neighbourhood_manager_sees_only_own_wijken(demo_world, data_set, name):
    username, args = MANAGERS[name]
    _filters, _dashboard, actual = run(demo_world, username, args)
    assert_figures(actual, expected_figures(name, data_set))


def test_a_manager_cannot_choose_another_managers_wijk(demo_world, data_set):
    filters, _dashboard, actual = run(demo_world, "noord", {"neighbourhood": "WK999903"})
    assert len(filters.notes) == 1
    assert "WK999903" in str(filters.notes[0])
    assert_figures(actual, expected_figures("noord", data_set))


@pytest.mark.parametrize(
    ("day", "categories", "helps"),
    [
        # The first and last day of the first quarter, and the days just outside it.
        ("2024-12-31", {"rigid_rules": (1, 0)}, {"reflection": (1, 0, 1, 0, 0)}),
        ("2025-01-01", {"colleagues": (1, 0)}, {}),
        ("2025-03-31", {"colleagues": (1, 0)}, {"room": (1, 0, 1, 0, 0)}),
        ("2025-04-01", {"colleagues": (1, 0), "rigid_rules": (1, 1)}, {"backing": (1, 1, 0, 0, 0)}),
    ],
)
def test_the_period_includes_both_of_its_days(demo_world, data_set, day, categories, helps):
    _filters, _dashboard, actual = run(demo_world, "secretaris", {"from": day, "to": day})
    assert {code: counts for code, counts in actual["category"].items() if counts != (0, 0)} == categories
    assert actual["helps"] == helps


def test_unusable_filters_are_ignored_with_a_note(demo_world, data_set):
    args = {
        "from": "2025-13-01",
        "to": "soon",
        "neighbourhood": "WK000000",
        "department": "99999",
        "stage": "dreaming",
        "theme": "nothing",
    }
    filters, _dashboard, actual = run(demo_world, "secretaris", args)
    assert len(filters.notes) == 6
    assert filters.to_args() == {}
    assert_figures(actual, expected_figures("everything", data_set))


def test_a_period_that_ends_before_it_starts_is_ignored(demo_world, data_set):
    filters, _dashboard, actual = run(demo_world, "secretaris", {"from": "2025-03-31", "to": "2025-01-01"})
    assert len(filters.notes) == 1
    assert (filters.start, filters.end) == (None, None)
    assert_figures(actual, expected_figures("everything", data_set))


def test_a_retired_category_keeps_its_history(demo_world, data_set):
    _filters, dashboard, _actual = run(demo_world, "secretaris", {})
    retired = [tally.key for tally in dashboard.by_category if tally.retired]
    assert retired == ["risk_aversion"]
    assert [row.key for row in dashboard.open_by_age.rows if row.retired] == ["risk_aversion"]
    assert [tally.key for tally in dashboard.help_effectiveness if tally.retired] == ["reflection"]
    # Without data in the selection a retired category is left out.
    _filters, dashboard, _actual = run(demo_world, "secretaris", {"neighbourhood": "WK999902"})
    assert "risk_aversion" not in [tally.key for tally in dashboard.by_category]


def test_departments_with_most_barriers_come_first_then_those_without_any(demo_world, data_set):
    _filters, dashboard, _actual = run(demo_world, "secretaris", {})
    labels = [str(tally.label) for tally in dashboard.by_department]
    assert labels[:3] == ["Openbare Ruimte", "Vergunningen, Toezicht en Handhaving", "Financiën"]
    assert dashboard.by_department[-1].key is None  # "no department" comes last
    assert len(labels) == 8 + 1  # every active department, and "no department"


@pytest.mark.parametrize(
    ("histogram", "fraction", "expected"),
    [
        ([(10, 1), (20, 1), (30, 1), (40, 1)], 0.5, 25),
        ([(10, 1), (20, 1), (30, 1), (40, 1)], 0.9, 37),
        ([(10, 1), (30, 1), (40, 1)], 0.9, 38),
        ([(5, 3)], 0.9, 5),
        ([(1, 9), (100, 1)], 0.5, 1),
        ([], 0.5, None),
    ],
)
def test_percentiles_from_a_histogram(histogram, fraction, expected):
    result = percentile(histogram, fraction)
    assert result is None if expected is None else result == pytest.approx(expected)


def test_quarters():
    assert Quarter.from_number(2025 * 4) == Quarter(2025, 1)
    assert Quarter.from_number(2024 * 4 + 3) == Quarter(2024, 4)
    assert (Quarter(2025, 1).start.isoformat(), Quarter(2025, 1).end.isoformat()) == (
        "2025-01-01",
        "2025-03-31",
    )
    assert Quarter(2024, 4).end.isoformat() == "2024-12-31"
