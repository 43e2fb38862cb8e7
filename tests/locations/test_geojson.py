"""`GET /api/v1/initiatives.geojson` and the map page's features: valid GeoJSON (RFC 7946, checked
with the `geojson` package), application/geo+json, the case list's filters, only what any reader of
cases may see (the title anonymised for those who do not work on the case; no contact data), paged."""

from datetime import timedelta

import geojson
import pytest

from initiatives.auth.users import find_user
from initiatives.cases import operations
from initiatives.cases.location import Location
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.organisation.operations import find_neighbourhood
from tests.api.conftest import BINNENSTAD, NOORD, ZUID

PROPERTIES = {
    "id",
    "title",
    "stage",
    "stage_title",
    "kind",
    "neighbourhood_code",
    "neighbourhood_name",
    "url",
}


@pytest.fixture
def located_cases(demo_world):
    """Three cases with a point (noord's in Noord and Binnenstad, zuid's in Zuid), one without, and
    one withdrawn; the first names its initiator in its title."""

    def open_case(owner, code, title, location, **fields):
        initiative = operations.open_case(
            find_user(owner),
            title=title,
            description="",
            neighbourhood=find_neighbourhood(code),
            channel="phone",
            received_on=local_today() - timedelta(days=1),
            location=location,
            **fields,
        )
        db.session.flush()
        return initiative.id

    with demo_world.app_context():
        ids = {
            "garden": open_case(
                "noord",
                NOORD,
                "Moestuin van Jan Jansen",
                Location(52.1, 5.1),
                initiators=[operations.InitiatorDetails(name="Jan Jansen", phone="0612345678")],
            ),
            "bench": open_case("noord", BINNENSTAD, "Bankje op het plein", Location(52.09, 5.12)),
            "square": open_case("zuid", ZUID, "Pleintje opknappen", Location(52.07, 5.13)),
            "nowhere": open_case("noord", NOORD, "Zonder plek", None),
            "withdrawn": open_case("noord", NOORD, "Dubbel geregistreerd", Location(52.11, 5.11)),
        }
        operations.withdraw_case(
            db.session.get(operations.Initiative, ids["withdrawn"]), find_user("noord"), reason="Dubbel"
        )
        db.session.commit()
    return ids


def _collection(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/geo+json"
    collection = geojson.loads(response.get_data(as_text=True))
    assert collection.is_valid, collection.errors()
    assert collection["type"] == "FeatureCollection"
    return collection


def _titles(collection):
    return sorted(feature["properties"]["title"] for feature in collection["features"])


def test_a_feature_collection_of_the_cases_with_a_location(api_as, located_cases):
    collection = _collection(api_as("noord").get("/api/v1/initiatives.geojson"))
    assert _titles(collection) == ["Bankje op het plein", "Moestuin van Jan Jansen", "Pleintje opknappen"]
    garden = next(f for f in collection["features"] if f["id"] == located_cases["garden"])
    assert garden["geometry"] == {"type": "Point", "coordinates": [5.1, 52.1]}
    assert set(garden["properties"]) == PROPERTIES
    assert garden["properties"]["stage"] == "intake"
    assert garden["properties"]["kind"] == "initiative"
    assert garden["properties"]["neighbourhood_code"] == NOORD
    assert garden["properties"]["url"].endswith(f"/initiatives/{located_cases['garden']}")
    assert (collection["numberMatched"], collection["numberReturned"], collection["links"]) == (3, 3, [])


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        (f"neighbourhood={ZUID}", ["Pleintje opknappen"]),
        ("owner=noord", ["Bankje op het plein", "Moestuin van Jan Jansen"]),
        ("q=bankje", ["Bankje op het plein"]),
        ("withdrawn=only", ["Dubbel geregistreerd"]),
        ("stage=closed", []),
    ],
)
def test_the_case_lists_filters(api_as, located_cases, query, titles):
    assert _titles(_collection(api_as("noord").get(f"/api/v1/initiatives.geojson?{query}"))) == titles


def test_who_does_not_work_on_a_case_reads_its_title_anonymised_and_no_contact_data(api_as, located_cases):
    for who in ("zuid", "secretaris"):
        response = api_as(who).get("/api/v1/initiatives.geojson")
        collection = _collection(response)
        text = response.get_data(as_text=True)
        assert "Jan Jansen" not in text
        assert "0612345678" not in text
        garden = next(f for f in collection["features"] if f["id"] == located_cases["garden"])
        assert garden["properties"]["title"].startswith("Moestuin van ")
    garden = next(
        f
        for f in _collection(api_as("noord").get("/api/v1/initiatives.geojson"))["features"]
        if f["id"] == located_cases["garden"]
    )
    assert garden["properties"]["title"] == "Moestuin van Jan Jansen"


def test_paged_with_a_next_link(api_as, located_cases):
    client = api_as("noord")
    first = _collection(client.get("/api/v1/initiatives.geojson?per_page=2&owner=noord"))
    assert (first["numberMatched"], first["numberReturned"]) == (2, 2)
    first = _collection(client.get("/api/v1/initiatives.geojson?per_page=1&owner=noord"))
    assert (first["numberMatched"], first["numberReturned"]) == (2, 1)
    [next_link] = [link for link in first["links"] if link["rel"] == "next"]
    assert "owner=noord" in next_link["href"]
    assert "page=2" in next_link["href"]
    second = _collection(client.get(next_link["href"].replace("http://localhost", "")))
    assert {f["id"] for f in first["features"]} | {f["id"] for f in second["features"]} == {
        located_cases["garden"],
        located_cases["bench"],
    }
    assert [link["rel"] for link in second["links"]] == ["prev"]


@pytest.mark.parametrize(("who", "status"), [(None, 401), ("beheer", 403)])
def test_only_readers_of_cases(api_as, located_cases, who, status):
    response = api_as(who).get("/api/v1/initiatives.geojson")
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"


def test_bad_arguments_answer_422_in_dutch(api_as, located_cases):
    response = api_as("noord").get("/api/v1/initiatives.geojson?per_page=0", language="nl")
    assert response.status_code == 422
    assert "Vul een getal in van minstens 1." in response.get_data(as_text=True)


def test_the_map_page_lists_the_same_cases_and_its_features_for_the_script(signed_in, located_cases):
    client = signed_in("zuid")
    page = client.get(f"/initiatives/map?neighbourhood={NOORD}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Moestuin van " in html
    assert "Jan Jansen" not in html
    assert "Pleintje opknappen" not in html
    assert "1 zonder locatie staat alleen in de lijst" in html
    assert f'data-features-url="/initiatives/map.geojson?neighbourhood={NOORD}"' in html
    collection = _collection(client.get(f"/initiatives/map.geojson?neighbourhood={NOORD}"))
    assert [f["id"] for f in collection["features"]] == [located_cases["garden"]]


def test_my_work_on_the_map(signed_in, located_cases):
    client = signed_in("noord")
    assert "/initiatives/map?work=mine" in client.get("/").get_data(as_text=True)
    html = client.get("/initiatives/map?work=mine").get_data(as_text=True)
    assert "Mijn zaken op de kaart" in html
    collection = _collection(client.get("/initiatives/map.geojson?work=mine"))
    assert sorted(f["id"] for f in collection["features"]) == sorted(
        [located_cases["garden"], located_cases["bench"]]
    )
    assert signed_in("secretaris").get("/initiatives/map?work=mine").status_code == 403


def test_the_case_list_links_to_its_map_with_its_filters(signed_in, located_cases):
    html = signed_in("noord").get("/initiatives?stage=intake&page=1").get_data(as_text=True)
    assert 'href="/initiatives/map?stage=intake"' in html


def test_the_maps_base_layer_is_the_buurten_outlines_read_with_the_session(signed_in, demo_world):
    """The map page's script reads the neighbourhoods' outlines with the session (the API's
    neighbourhoods.geojson wants a token): every demo buurt with its code, name and wijk, no figures;
    a second read with the ETag answers 304."""
    client = signed_in("zuid")
    page = client.get("/initiatives/map")
    assert 'data-shapes-url="/initiatives/map/shapes.geojson"' in page.get_data(as_text=True)
    response = client.get("/initiatives/map/shapes.geojson")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    collection = geojson.loads(response.get_data(as_text=True))
    assert collection.is_valid
    codes = [feature["properties"]["code"] for feature in collection["features"]]
    assert codes
    assert all(code.startswith("BU") for code in codes)
    assert codes == sorted(codes)
    first = collection["features"][0]["properties"]
    assert set(first) == {"code", "name", "wijk"}
    assert first["wijk"].startswith("WK")
    again = client.get("/initiatives/map/shapes.geojson", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
