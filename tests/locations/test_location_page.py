"""A case's location through its page, without JavaScript: two numbers (a comma or a point), saved
with the version, refused in Dutch outside the Netherlands, cleared; shown on the case page; the
address search against a fake geocoder (only the address is sent; failures in Dutch)."""

import pytest
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.cases.models import Initiative
from initiatives.extensions import db
from tests.locations.fake_geocoder import BROKEN, SLOW, RunningGeocoder


@pytest.fixture(scope="module")
def geocoder_server():
    with RunningGeocoder() as fake:
        yield fake


def _case(app, case_id):
    with app.app_context():
        initiative = db.session.get(Initiative, case_id)
        return initiative.latitude, initiative.longitude, initiative.version


def _set_address(app, case_id, address):
    with app.app_context():
        db.session.get(Initiative, case_id).address = address
        db.session.commit()


def test_set_the_location_with_two_numbers(app, test_case, signed_in):
    case_id = test_case["initiative_id"]
    client = signed_in("noord")
    url = f"/initiatives/{case_id}/location"
    page = client.get(url).get_data(as_text=True)
    assert 'name="latitude"' in page
    assert 'name="longitude"' in page
    assert "data-location-picker" in page
    response = client.submit(
        url, {"latitude": "52,0907", "longitude": " 5.1214 ", "version": "1", "action": "save"}
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/initiatives/{case_id}#location-confirmation")
    assert _case(app, case_id) == (52.0907, 5.1214, 2)
    shown = client.get(f"/initiatives/{case_id}").get_data(as_text=True)
    assert "52,0907° N, 5,1214° O" in shown
    assert 'data-latitude="52.0907"' in shown
    with app.app_context():
        entry = db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.action == "initiative.updated")
            .order_by(AuditEntry.id.desc())
        ).first()
        assert entry.data == {"location": [None, {"latitude": 52.0907, "longitude": 5.1214}]}


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        ("48,8566", "2,3522", "Dit punt ligt niet in Nederland"),
        ("52,09", "", "Vul zowel de breedtegraad als de lengtegraad in, of geen van beide."),
        ("", "5,12", "Vul zowel de breedtegraad als de lengtegraad in, of geen van beide."),
        ("noord", "5,12", "Vul een aantal graden in, bijvoorbeeld 52.0907."),
        ("nan", "5,12", "Vul een aantal graden in, bijvoorbeeld 52.0907."),
        ("1e400", "5,12", "Vul een aantal graden in, bijvoorbeeld 52.0907."),
    ],
)
def test_a_bad_point_is_refused_in_dutch_and_nothing_is_saved(
    app, test_case, signed_in, latitude, longitude, message
):
    case_id = test_case["initiative_id"]
    response = signed_in("noord").submit(
        f"/initiatives/{case_id}/location", {"latitude": latitude, "longitude": longitude, "version": "1"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Niet opgeslagen" in page
    assert message in page
    assert _case(app, case_id) == (None, None, 1)


def test_a_stale_version_is_not_overwritten(app, test_case, signed_in):
    case_id = test_case["initiative_id"]
    client = signed_in("noord")
    url = f"/initiatives/{case_id}/location"
    assert client.submit(url, {"latitude": "52.1", "longitude": "5.1", "version": "1"}).status_code == 302
    response = client.submit(url, {"latitude": "52.2", "longitude": "5.2", "version": "1"})
    assert response.status_code == 409
    assert "iemand anders" in response.get_data(as_text=True).lower()
    assert _case(app, case_id) == (52.1, 5.1, 2)


def test_clear_the_location(app, test_case, signed_in):
    case_id = test_case["initiative_id"]
    client = signed_in("noord")
    url = f"/initiatives/{case_id}/location"
    client.submit(url, {"latitude": "52.1", "longitude": "5.1", "version": "1"})
    response = client.submit(url, {"latitude": "52.1", "longitude": "5.1", "version": "2", "action": "clear"})
    assert response.status_code == 302
    assert _case(app, case_id) == (None, None, 3)
    assert "Nog geen locatie op de kaart." in client.get(f"/initiatives/{case_id}").get_data(as_text=True)


def test_only_those_who_edit_the_case_set_it(app, test_case, signed_in):
    case_id = test_case["initiative_id"]
    for who in ("zuid", "secretaris"):
        client = signed_in(who)
        assert client.get(f"/initiatives/{case_id}/location").status_code == 403
        page = client.get(f"/initiatives/{case_id}").get_data(as_text=True)
        assert f"/initiatives/{case_id}/location" not in page


def test_no_address_search_without_a_geocoder(app, test_case, signed_in):
    case_id = test_case["initiative_id"]
    _set_address(app, case_id, "Marktplein 1, Voorbeeldstad")
    page = signed_in("noord").get(f"/initiatives/{case_id}/location").get_data(as_text=True)
    assert 'value="find"' not in page


class TestAddressSearch:
    @pytest.fixture
    def app_config(self, geocoder_server):
        return {"GEOCODER_URL": geocoder_server.url, "GEOCODER_TIMEOUT": 1}

    def test_the_address_fills_the_point_and_nothing_is_saved_yet(
        self, app, test_case, signed_in, geocoder_server
    ):
        case_id = test_case["initiative_id"]
        _set_address(app, case_id, "Marktplein 1, Voorbeeldstad")
        client = signed_in("noord")
        url = f"/initiatives/{case_id}/location"
        assert 'value="find"' in client.get(url).get_data(as_text=True)
        geocoder_server.requests.clear()
        response = client.submit(url, {"latitude": "", "longitude": "", "version": "1", "action": "find"})
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "Gevonden: Marktplein 1, 3511 AA Utrecht." in page
        assert 'value="52.0907"' in page
        assert 'value="5.1214"' in page
        assert _case(app, case_id) == (None, None, 1)
        # Only the case's address went to the geocoder: no name, no other field of the case.
        assert [request["args"]["q"] for request in geocoder_server.requests] == [
            "Marktplein 1, Voorbeeldstad"
        ]
        assert (
            client.submit(url, {"latitude": "52.0907", "longitude": "5.1214", "version": "1"}).status_code
            == 302
        )
        assert _case(app, case_id) == (52.0907, 5.1214, 2)

    @pytest.mark.parametrize(
        ("address", "message"),
        [
            ("Nergensstraat 99", "De adreszoeker vond geen plaats bij dit adres."),
            ("Place de la Concorde, Paris", "De adreszoeker vond een plaats buiten Nederland."),
            (SLOW, "De adreszoeker antwoordde niet op tijd. Probeer het later nog eens."),
            (BROKEN, "De adreszoeker is nu niet beschikbaar. Probeer het later nog eens."),
        ],
    )
    def test_a_failed_search_says_why_in_dutch(self, app, test_case, signed_in, address, message):
        case_id = test_case["initiative_id"]
        _set_address(app, case_id, address)
        response = signed_in("noord").submit(
            f"/initiatives/{case_id}/location",
            {"latitude": "", "longitude": "", "version": "1", "action": "find"},
        )
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
        assert _case(app, case_id) == (None, None, 1)

    def test_a_case_without_an_address_offers_no_search(self, app, test_case, signed_in):
        case_id = test_case["initiative_id"]
        _set_address(app, case_id, "")
        page = signed_in("noord").get(f"/initiatives/{case_id}/location").get_data(as_text=True)
        assert 'value="find"' not in page
