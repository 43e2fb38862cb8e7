"""Errors are RFC 9457 problems whose detail follows Accept-Language."""

from datetime import timedelta

import pytest

from initiatives.core.dates import local_today
from tests.api.conftest import NOORD


def _problem(response, status):
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == status
    assert problem["type"] == "about:blank"
    assert problem["title"]
    assert problem["detail"]
    return problem


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (None, "Stuur een geldig persoonlijk API-token"),
        ("nl-NL,nl;q=0.9", "Stuur een geldig persoonlijk API-token"),
        ("en-GB,en;q=0.8", "Send a valid personal API token"),
        ("fr", "Stuur een geldig persoonlijk API-token"),
    ],
)
def test_the_detail_follows_accept_language(api_as, language, expected):
    problem = _problem(api_as().get("/api/v1/me", language=language), 401)
    assert problem["detail"].startswith(expected)


def test_validation_problems_are_translated_with_their_field_messages(api_as):
    client = api_as("noord")
    body = {"title": "", "neighbourhood": "WK000000", "channel": "pigeon", "received_on": "gisteren"}
    dutch = _problem(client.post("/api/v1/initiatives", json=body, language="nl"), 422)
    english = _problem(client.post("/api/v1/initiatives", json=body, language="en"), 422)
    assert english["detail"] == "Some values are missing or not valid. See the errors for each field."
    assert dutch["detail"] != english["detail"]
    assert english["errors"]["description"] == ["This field is required."]
    assert dutch["errors"]["description"] == ["Dit veld is verplicht."]
    assert english["errors"]["neighbourhood"] == ["Unknown code: WK000000."]
    assert english["errors"]["received_on"] == ["Enter a date as YYYY-MM-DD."]
    assert english["errors"]["channel"][0].startswith("Choose one of: phone, email")
    assert set(dutch["errors"]) == set(english["errors"])


def test_business_rule_problems_are_translated(api_as):
    client = api_as("noord")
    body = {
        "title": "Later",
        "description": "",
        "neighbourhood": NOORD,
        "channel": "phone",
        "received_on": (local_today() + timedelta(days=1)).isoformat(),  # the schema lets it pass
    }
    english = _problem(client.post("/api/v1/initiatives", json=body, language="en"), 422)
    dutch = _problem(client.post("/api/v1/initiatives", json=body, language="nl"), 422)
    assert english["detail"] == "The date of first contact cannot be in the future."
    assert english["errors"] == {"received_on": [english["detail"]]}
    assert dutch["detail"] != english["detail"]


def test_forbidden_not_found_and_wrong_method_are_problems(api_as):
    client = api_as("beheer")
    _problem(client.get("/api/v1/initiatives", language="en"), 403)
    _problem(client.get("/api/v1/nowhere", language="en"), 404)
    problem = _problem(client.request("DELETE", "/api/v1/me", language="en"), 405)
    assert problem["title"]


def test_a_body_that_is_not_json_is_a_problem(api_as):
    response = api_as("noord").client.post(
        "/api/v1/initiatives",
        data="{not json",
        headers={"Authorization": f"Bearer {api_as('noord').token}", "Content-Type": "application/json"},
    )
    _problem(response, 400)
