"""A case's location through the API: set with the case or later (If-Match), cleared, refused
outside the Netherlands or half given, in Dutch; audited."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.cases.models import Initiative
from initiatives.core.dates import local_today
from initiatives.extensions import db
from tests.api.conftest import NOORD

UTRECHT = {"latitude": 52.0907, "longitude": 5.1214}


def _new_case(**changes):
    return {
        "title": "Speeltuin in de Vogelwijk",
        "description": "Ouders willen een speeltuin op het grasveld.",
        "neighbourhood": NOORD,
        "channel": "phone",
        "received_on": (local_today() - timedelta(days=2)).isoformat(),
        **changes,
    }


def test_open_a_case_with_a_location(api_as):
    client = api_as("noord")
    response = client.post("/api/v1/initiatives", json=_new_case(location=UTRECHT))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["location"] == UTRECHT
    listed = client.get("/api/v1/initiatives").get_json()["items"]
    assert listed[0]["location"] == UTRECHT


def test_a_case_without_a_location_says_null(api_as, make_case):
    case_id = make_case()
    assert api_as("noord").get(f"/api/v1/initiatives/{case_id}").get_json()["location"] is None


def test_change_and_clear_the_location_with_if_match(demo_world, api_as, make_case):
    case_id = make_case()
    client = api_as("noord")
    url = f"/api/v1/initiatives/{case_id}"
    assert client.patch(url, json={"location": UTRECHT}).status_code == 428
    response = client.patch(
        url, json={"location": {"latitude": 51.5555555555, "longitude": 5.0}}, headers={"If-Match": '"1"'}
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["location"] == {"latitude": 51.555556, "longitude": 5.0}
    assert response.headers["ETag"] == '"2"'
    assert client.patch(url, json={"location": UTRECHT}, headers={"If-Match": '"1"'}).status_code == 412
    response = client.patch(url, json={"location": None}, headers={"If-Match": '"2"'})
    assert response.status_code == 200
    assert response.get_json()["location"] is None
    with demo_world.app_context():
        entries = db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.action == "initiative.updated", AuditEntry.object_id == case_id)
            .order_by(AuditEntry.id)
        ).all()
        assert [entry.data["location"] for entry in entries] == [
            [None, {"latitude": 51.555556, "longitude": 5.0}],
            [{"latitude": 51.555556, "longitude": 5.0}, None],
        ]


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ({"latitude": 48.8566, "longitude": 2.3522}, "niet in Nederland"),  # Paris
        ({"latitude": 5.1214, "longitude": 52.0907}, "niet in Nederland"),  # swapped
        ({"latitude": 52.09}, "Dit veld is verplicht"),
        ({"latitude": "noord", "longitude": 5.1}, "Vul een aantal graden in"),
        ({"latitude": "NaN", "longitude": 5.1}, "Vul een aantal graden in"),
        ({"latitude": 52.09, "longitude": 5.1, "altitude": 3}, "hier onbekend"),
        ("52.09,5.12", "JSON-object"),
    ],
)
def test_a_bad_location_answers_422_in_dutch_and_changes_nothing(
    demo_world, api_as, make_case, location, message
):
    case_id = make_case()
    client = api_as("noord")
    url = f"/api/v1/initiatives/{case_id}"
    response = client.patch(url, json={"location": location}, headers={"If-Match": '"1"'}, language="nl")
    assert response.status_code == 422, response.get_json()
    assert response.mimetype == "application/problem+json"
    assert message in str(response.get_json()), response.get_json()
    with demo_world.app_context():
        initiative = db.session.get(Initiative, case_id)
        assert (initiative.latitude, initiative.longitude, initiative.version) == (None, None, 1)


def test_a_case_outside_the_netherlands_is_not_opened(demo_world, api_as):
    client = api_as("noord")
    response = client.post(
        "/api/v1/initiatives",
        json=_new_case(title="Ergens", location={"latitude": 60.0, "longitude": 5.0}),
        language="nl",
    )
    assert response.status_code == 422
    with demo_world.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(Initiative.title == "Ergens")) == 0


def test_readers_who_may_not_edit_cannot_set_it(api_as, make_case):
    case_id = make_case()
    for who in ("zuid", "secretaris"):
        response = api_as(who).patch(
            f"/api/v1/initiatives/{case_id}", json={"location": UTRECHT}, headers={"If-Match": '"1"'}
        )
        assert response.status_code == 403
