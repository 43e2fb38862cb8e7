"""GET /api/v1/dashboard/barriers: the same figures as the page, for the same filters."""

from urllib.parse import urlencode

import pytest

from tests.api.conftest import ApiClient, issue_token
from tests.dashboard.expected import EXPECTED, FILTERS
from tests.dashboard.html import tables
from tests.dashboard.test_figures import FIGURES, url_args

URL = "/api/v1/dashboard/barriers"


@pytest.fixture
def api(demo_world, data_set):
    def client(username):
        return ApiClient(demo_world.test_client(), issue_token(demo_world, username))

    return client


def figures(document, data_set):
    """The JSON document in the shapes of tests/dashboard/expected.py."""
    department_names = {number: name for name, number in data_set["departments"].items()}
    trend_series = {}
    for point in document["trend"]:
        trend_series.setdefault(point["category"], []).append(point["raised"])
    quarters = list(dict.fromkeys(point["quarter"] for point in document["trend"]))
    age = {}
    for cell in document["open_by_age"]:
        if cell["open"]:
            age.setdefault(cell["category"], {})[cell["bucket"]] = cell["open"]
    return {
        "category": {row["category"]: (row["total"], row["open"]) for row in document["by_category"]},
        "department": {
            row["name"]: (row["total"], row["open"]) for row in document["by_department"] if row["total"]
        },
        "wijk": {row["name"]: (row["total"], row["open"]) for row in document["by_neighbourhood"]},
        "stage": {row["stage"]: (row["total"], row["open"]) for row in document["by_stage"]},
        "trend": (quarters, {code: counts for code, counts in trend_series.items() if any(counts)}),
        "resolve": {
            row["category"]: (row["resolved"], row["median_days"], row["p90_days"])
            for row in document["time_to_resolve"]
            if row["resolved"]
        },
        "age": age,
        "oldest": [row["barrier"] for row in document["oldest_open"]],
        "helps": {
            row["category"]: (
                row["requested"],
                row["granted"],
                row["refused"],
                row["applied"],
                row["resolved"],
            )
            for row in document["help_effectiveness"]
            if row["requested"]
        },
        "refusals": {
            (row["provider"], department_names.get(row["department"])): row["refused"]
            for row in document["refusals_by_decider"]
        },
        "matrix": {
            (cell["barrier_category"], cell["help_category"]): cell["resolved"] for cell in document["matrix"]
        },
    }


def expected_figures(name, data_set):
    expected = dict(EXPECTED[name])
    expected["oldest"] = [data_set["barriers"][key] for key in expected["oldest"]]
    return expected


def get(api, username, args=None):
    response = api(username).get(URL + ("?" + urlencode(args) if args else ""))
    assert response.status_code == 200
    return response.get_json()


@pytest.mark.parametrize(
    ("username", "name"), [*(("secretaris", name) for name in FILTERS), ("noord", "noord")]
)
def test_the_api_gives_the_figures(api, data_set, username, name):
    document = get(api, username, url_args(FILTERS.get(name, {}), data_set))
    actual = figures(document, data_set)
    expected = expected_figures(name, data_set)
    for figure in FIGURES:
        assert actual[figure] == expected[figure], f"figure {figure!r}"


def test_categories_by_stable_code(api, data_set):
    document = get(api, "secretaris", {"from": "2025-01-01", "to": "2025-03-31"})
    assert document["by_category"][1] == {
        "category": "silos",
        "label": "Verkokering, schotten tussen afdelingen",
        "active": True,
        "total": 2,
        "open": 1,
    }
    assert document["help_effectiveness"][1] == {
        "category": "budget",
        "requested": 2,
        "granted": 0,
        "refused": 2,
        "applied": 0,
        "resolved": 0,
    }
    assert document["filters"] == {
        "from": "2025-01-01",
        "to": "2025-03-31",
        "neighbourhood": None,
        "department": None,
        "stage": None,
        "theme": None,
    }
    assert document["notes"] == []


def test_unusable_filters_are_ignored_and_explained(api, data_set):
    document = get(api, "secretaris", {"from": "2025-02-30", "stage": "dreaming"})
    assert len(document["notes"]) == 2
    assert figures(document, data_set) == expected_figures("everything", data_set)


def test_the_api_and_the_page_agree(api, signed_in, data_set):
    args = {
        "from": "2025-01-01",
        "to": "2025-03-31",
        "department": str(data_set["departments"]["Openbare Ruimte"]),
    }
    document = get(api, "secretaris", args)
    page = signed_in("secretaris").get("/dashboard?" + urlencode(args)).get_data(as_text=True)
    found = tables(page)
    labels = {row["label"]: row for row in document["by_category"]}
    for cells in found["Drempels per categorie"][1:]:
        assert (labels[cells[0].text]["total"], labels[cells[0].text]["open"]) == (
            int(cells[1].text),
            int(cells[2].text),
        )
    helps = document["help_effectiveness"]
    shown = [
        [int(cell.text) for cell in cells[1:6]] for cells in found["Effectiviteit van hulp per categorie"][1:]
    ]
    assert shown == [
        [row[key] for key in ("requested", "granted", "refused", "applied", "resolved")] for row in helps
    ]


@pytest.mark.parametrize(("username", "status"), [("beheer", 403), (None, 401)])
def test_admins_and_strangers_get_no_figures(demo_world, data_set, username, status):
    token = issue_token(demo_world, username) if username else None
    assert ApiClient(demo_world.test_client(), token).get(URL).status_code == status


def test_the_openapi_document_describes_the_figures(app):
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    operation = document["paths"][URL]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} == {
        "from",
        "to",
        "neighbourhood",
        "department",
        "stage",
        "theme",
    }
    schema = document["components"]["schemas"]["Dashboard"]["properties"]
    assert {"by_category", "help_effectiveness", "trend", "matrix"} <= set(schema)


def test_barriers_move_with_their_case_to_another_neighbourhood(api, data_set):
    """Barriers keep a copy of their case's neighbourhood for the dashboard: moving the case
    (Binnenstad -> Noord) moves its three barriers in the figures per wijk and in the filter."""
    case_url = f"/api/v1/initiatives/{data_set['cases']['C']}"
    manager = api("noord")
    barrier_versions = {
        item["id"]: item["version"] for item in manager.get(f"{case_url}/barriers").get_json()["items"]
    }
    version = manager.get(case_url).get_json()["version"]
    response = manager.patch(
        case_url, json={"neighbourhood": "WK999902"}, headers={"If-Match": f'"{version}"'}
    )
    assert response.status_code == 200, response.get_json()

    wijken = figures(get(api, "secretaris"), data_set)["wijk"]
    assert wijken["Binnenstad"] == (0, 0)
    assert wijken["Noord"] == (7 + 3, 3 + 2)
    in_noord = figures(get(api, "secretaris", {"neighbourhood": "WK999902"}), data_set)["category"]
    assert sum(total for total, _open in in_noord.values()) == 10
    # The barriers themselves did not change: a form open on one of them is still current.
    after = {item["id"]: item["version"] for item in manager.get(f"{case_url}/barriers").get_json()["items"]}
    assert after == barrier_versions


def _patch(api, url, changes):
    response = api("noord").patch(url, json=changes, headers={"If-Match": '"1"'})
    assert response.status_code == 200, response.get_json()


def test_the_matrix_follows_a_barrier_into_another_category(api, data_set):
    """Effects carry their barrier's category for the dashboard: b1 (resolved by the backing h1)
    moves from "colleagues" to "lack_of_time"."""
    _patch(api, f"/api/v1/barriers/{data_set['barriers']['b1']}", {"category": "lack_of_time"})
    matrix = figures(get(api, "secretaris"), data_set)["matrix"]
    assert matrix[("colleagues", "backing")] == 3 - 1
    assert matrix[("lack_of_time", "backing")] == 1


def test_help_figures_follow_a_help_into_another_category(api, data_set):
    """Effects carry their help's category too: h1 (backing, resolved b1) becomes budget."""
    _patch(api, f"/api/v1/helps/{data_set['helps']['h1']}", {"category": "budget"})
    found = figures(get(api, "secretaris"), data_set)
    assert found["matrix"][("colleagues", "backing")] == 3 - 1
    assert found["matrix"][("colleagues", "budget")] == 1 + 1
    assert found["helps"]["backing"] == (3, 3, 0, 2, 2)
    assert found["helps"]["budget"] == (4, 2, 2, 2, 2)


def _quarters(document):
    return list(dict.fromkeys(point["quarter"] for point in document["trend"]))


def test_a_period_of_centuries_shows_the_quarters_from_the_first_to_the_last_barrier(api, data_set):
    client = api("secretaris")
    whole = _quarters(client.get(URL).get_json())
    assert len(whole) > 1
    assert _quarters(client.get(f"{URL}?from=1900-01-01&to=2999-12-31").get_json()) == whole
    # without barriers: the period's last 40 quarters
    empty = _quarters(client.get(f"{URL}?from=2900-01-01&to=2999-12-31").get_json())
    assert (len(empty), empty[0], empty[-1]) == (40, "2990-Q1", "2999-Q4")
