"""GET /api/v1/neighbourhoods.geojson: a valid GeoJSON FeatureCollection of the dashboard's areas
with their shapes and figures, for those who may read the dashboard."""

import geojson
import pytest

from tests.api.conftest import ApiClient, issue_token
from tests.dashboard.conftest import data_set  # noqa: F401 (the dashboard's small data set)


@pytest.fixture
def api(demo_world):
    def get(username, query="", **headers):
        client = ApiClient(demo_world.test_client(), issue_token(demo_world, username))
        return client.get(f"/api/v1/neighbourhoods.geojson{query}", headers=headers)

    return get


def _valid(response):
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    document = geojson.loads(response.get_data(as_text=True))
    assert document.is_valid, document.errors()
    assert document["type"] == "FeatureCollection"
    return {feature["properties"]["code"]: feature for feature in document["features"]}


def test_the_buurten_with_their_shapes_and_figures(data_set, api):  # noqa: F811
    features = _valid(api("secretaris"))
    assert len(features) == 14
    bloemenbuurt = features["BU99990201"]
    assert bloemenbuurt["geometry"]["type"] == "Polygon"
    assert bloemenbuurt["properties"] == {
        "code": "BU99990201",
        "name": "Bloemenbuurt",
        "wijk": "WK999902",
        "initiatives": 1,
        "barriers": 4,
        "open_barriers": 2,
        "barriers_per_10_initiatives": 40.0,
    }
    longitude, latitude = bloemenbuurt["geometry"]["coordinates"][0][0]
    assert 3 < longitude < 8
    assert 50 < latitude < 54


def test_the_wijken_with_the_dashboard_filters(data_set, api):  # noqa: F811
    features = _valid(api("secretaris", "?map_level=wijk&from=2025-06-01&to=2025-06-30&theme=play"))
    assert set(features) == {"WK999901", "WK999902", "WK999903", "WK999904", "WK999905"}
    noord = features["WK999902"]["properties"]
    assert (noord["wijk"], noord["barriers"], noord["open_barriers"], noord["initiatives"]) == (
        "WK999902",
        1,
        1,
        0,
    )
    assert noord["barriers_per_10_initiatives"] is None


def test_a_manager_gets_their_own_wijken(data_set, api):  # noqa: F811
    assert set(_valid(api("zuid", "?map_level=wijk"))) == {"WK999903", "WK999904"}


def test_unchanged_figures_answer_304(data_set, api):  # noqa: F811
    first = api("secretaris")
    assert first.headers["ETag"]
    again = api("secretaris", **{"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert api("secretaris", "?map_level=wijk", **{"If-None-Match": first.headers["ETag"]}).status_code == 200


def test_a_bad_level_is_refused_in_dutch(data_set, api):  # noqa: F811
    response = api("secretaris", "?map_level=gemeente")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert "Kies buurt of wijk." in response.get_data(as_text=True)


def test_admins_may_not_read_it(demo_world, api):
    assert api("beheer").status_code == 403
