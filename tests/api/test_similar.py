"""GET /api/v1/initiatives/similar: the open cases like a new one, best first, each with why;
only what the caller may know of each case; Dutch validation messages."""

from urllib.parse import urlencode

import pytest

from initiatives.cases import operations
from initiatives.extensions import db
from tests.api.conftest import NOORD, ZUID
from tests.conftest import open_test_case


@pytest.fixture
def cases(demo_world):
    with demo_world.app_context():
        garden = open_test_case(
            title="Moestuin op het veldje achter de Merelstraat",
            description="Buren willen samen groente kweken in bakken.",
            address="Merelstraat 12",
            initiators=[
                operations.InitiatorDetails(
                    name="Fatima el Idrissi", email="fatima@example.org", phone="0612345678"
                )
            ],
        )
        benches = open_test_case(
            title="Bankjes bij de bushalte in de Merelstraat",
            description="Ouderen willen kunnen zitten.",
            address="Merelstraat 40",
            initiators=[],
        )
        db.session.commit()
        return {"garden": garden.id, "benches": benches.id}


def _similar(client, **arguments):
    return client.get(f"/api/v1/initiatives/similar?{urlencode(arguments)}", language="nl")


def test_items_are_ordered_by_score_with_their_reasons(api_as, cases):
    response = _similar(
        api_as("noord"),
        title="Groentetuin op het veldje",
        description="Samen groente kweken achter de Merelstraat",
        neighbourhood=NOORD,
        phone="+31 6 1234 5678",
        address="Merelstraat 20",
    )
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert items[0]["id"] == cases["garden"]
    first = items[0]
    assert first["title"] == "Moestuin op het veldje achter de Merelstraat"
    assert 0 < first["score"] <= 1
    assert [reason["code"] for reason in first["reasons"]] == [
        "similar_text",
        "same_contact_phone",
        "same_street",
        "same_neighbourhood",
    ]
    assert first["reasons"][1]["title"] == "Zelfde contactpersoon (telefoonnummer)"
    assert first["personal_data_hidden"] is False
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True)
    assert set(first) == {
        "id",
        "title",
        "stage",
        "neighbourhood",
        "owner",
        "score",
        "reasons",
        "personal_data_hidden",
    }


def test_the_email_matches_in_any_case(api_as, cases):
    items = _similar(api_as("noord"), email="FATIMA@example.org").get_json()["items"]
    assert [(item["id"], [reason["code"] for reason in item["reasons"]]) for item in items] == [
        (cases["garden"], ["same_contact_email"])
    ]


def test_who_may_not_see_the_contacts_finds_no_case_by_them(api_as, cases):
    for client in (api_as("zuid"), api_as("secretaris")):
        assert _similar(client, email="fatima@example.org").get_json()["items"] == []
        assert _similar(client, phone="06-12345678", address="Merelstraat 12").get_json()["items"] == []
        items = _similar(client, title="Moestuin op het veldje", email="fatima@example.org").get_json()[
            "items"
        ]
        assert items[0]["id"] == cases["garden"]
        assert [reason["code"] for reason in items[0]["reasons"]] == ["similar_text"]
        assert items[0]["personal_data_hidden"] is True


def test_a_neighbourhood_alone_is_refused_in_dutch(api_as, cases):
    response = _similar(api_as("noord"), neighbourhood=ZUID)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["errors"]["_schema"] == [
        "Geef een titel, een beschrijving, een e-mailadres, een telefoonnummer, een adres of een locatie om mee te vergelijken."
    ]


@pytest.mark.parametrize(
    ("arguments", "field", "message"),
    [
        ({"email": "geen-adres"}, "email", "Vul een geldig e-mailadres in."),
        ({"title": "x" * 201}, "title", "Maximaal 200 tekens."),
        ({"title": "Moestuin", "neighbourhood": "WK0000"}, "neighbourhood", "Onbekende code: WK0000."),
    ],
)
def test_invalid_arguments_answer_422_in_dutch(api_as, cases, arguments, field, message):
    response = _similar(api_as("noord"), **arguments)
    assert response.status_code == 422
    assert response.get_json()["errors"][field] == [message]


def test_admins_and_callers_without_a_token_are_refused(api_as, cases):
    assert _similar(api_as("beheer"), title="Moestuin").status_code == 403
    assert _similar(api_as(None), title="Moestuin").status_code == 401


def test_a_case_nearby_the_same_place_answers_same_location(api_as, cases, demo_world):
    with demo_world.app_context():
        garden = db.session.get(operations.Initiative, cases["garden"])
        garden.latitude, garden.longitude = 51.552350, 5.092000  # some 150 m from the point asked
        db.session.commit()
    items = _similar(
        api_as("noord"),
        title="Moestuin op het veldje achter de Merelstraat",
        latitude="51.551",
        longitude="5.092",
    ).get_json()["items"]
    assert items[0]["id"] == cases["garden"]
    assert items[0]["reasons"] == [
        {"code": "similar_text", "title": "Vergelijkbare titel of beschrijving"},
        {"code": "same_location", "title": "Vlakbij dezelfde plek"},
    ]
    assert _similar(api_as("noord"), latitude="51.551", longitude="5.092").get_json()["items"] == []


@pytest.mark.parametrize(
    ("arguments", "field", "message"),
    [
        (
            {"latitude": "51.5"},
            "longitude",
            "Vul zowel de breedtegraad als de lengtegraad in, of geen van beide.",
        ),
        (
            {"title": "Moestuin", "longitude": "5.1"},
            "latitude",
            "Vul zowel de breedtegraad als de lengtegraad in, of geen van beide.",
        ),
        (
            {"latitude": "noord", "longitude": "5.1"},
            "latitude",
            "Vul een aantal graden in, bijvoorbeeld 52.0907.",
        ),
        (
            {"latitude": "nan", "longitude": "5.1"},
            "latitude",
            "Vul een aantal graden in, bijvoorbeeld 52.0907.",
        ),
    ],
)
def test_an_invalid_location_answers_422_in_dutch(api_as, cases, arguments, field, message):
    response = _similar(api_as("noord"), **arguments)
    assert response.status_code == 422
    assert response.get_json()["errors"][field] == [message]


def test_a_point_outside_the_netherlands_is_refused_in_dutch(api_as, cases):
    response = _similar(api_as("noord"), latitude="48.85", longitude="2.35")
    assert response.status_code == 422
    assert response.get_json()["errors"]["latitude"][0].startswith("Dit punt ligt niet in Nederland")
