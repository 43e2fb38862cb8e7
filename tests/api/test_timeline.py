"""The timeline, the initiators (personal data) and the history of a case over the API."""

import pytest

from initiatives.audit.operations import REDACTED
from initiatives.core.dates import local_today


def test_add_and_list_activities(api_as, make_case):
    case_id = make_case()
    client = api_as("noord")
    url = f"/api/v1/initiatives/{case_id}/activities"
    response = client.post(
        url,
        json={
            "kind": "site_visit",
            "happened_on": local_today().isoformat(),
            "practice": "mapping",
            "skills": ["listening", "investigating"],
            "note": "Samen het grasveld bekeken.",
        },
    )
    assert response.status_code == 201, response.get_json()
    activity = response.get_json()
    assert isinstance(activity["id"], int)
    assert activity["kind"] == "site_visit"
    assert sorted(activity["skills"]) == ["investigating", "listening"]
    assert activity["author"] == "noord"

    listed = api_as("secretaris").get(url).get_json()
    assert listed["total"] == 1
    assert listed["items"][0]["note"] == "Samen het grasveld bekeken."
    assert set(listed) == {"items", "total", "page", "per_page"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"skills": ["juggling"]}, "skills"),
        ({"kind": "telepathy"}, "kind"),
        ({"practice": "closed"}, "practice"),
        ({"happened_on": "2999-01-01"}, "happened_on"),
    ],
)
def test_invalid_activities_answer_422(api_as, make_case, changes, field):
    case_id = make_case()
    body = {"kind": "call", "happened_on": local_today().isoformat(), "practice": "intake", **changes}
    response = api_as("noord").post(f"/api/v1/initiatives/{case_id}/activities", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


def test_only_editors_add_activities(api_as, make_case):
    case_id = make_case()
    body = {"kind": "call", "happened_on": local_today().isoformat(), "practice": "intake"}
    for username in ("zuid", "secretaris", "beheer"):
        response = api_as(username).post(f"/api/v1/initiatives/{case_id}/activities", json=body)
        assert response.status_code == 403


def test_add_and_list_initiators(api_as, make_case):
    case_id = make_case()
    client = api_as("noord")
    url = f"/api/v1/initiatives/{case_id}/initiators"
    response = client.post(
        url,
        json={"name": "Ans Bakker", "email": "ans@example.org", "phone": "06-12345678", "organisation": ""},
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["name"] == "Ans Bakker"
    listed = client.get(url).get_json()
    assert listed["total"] == 1
    assert listed["items"][0]["email"] == "ans@example.org"


def test_an_initiator_needs_a_name_and_a_valid_email(api_as, make_case):
    case_id = make_case()
    response = api_as("noord").post(
        f"/api/v1/initiatives/{case_id}/initiators", json={"name": " ", "email": "geen-adres"}
    )
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"name", "email"}


@pytest.mark.parametrize("username", ["zuid", "secretaris", "beheer"])
def test_contact_data_is_only_for_those_who_work_on_the_case(api_as, make_case, username):
    case_id = make_case()
    client = api_as(username)
    url = f"/api/v1/initiatives/{case_id}/initiators"
    assert client.get(url).status_code == 403
    assert client.post(url, json={"name": "Iemand"}).status_code == 403


def test_the_history_lists_changes_and_moves(api_as, make_case):
    case_id = make_case(address="Kerkstraat 1")
    client = api_as("noord")
    url = f"/api/v1/initiatives/{case_id}"
    client.patch(
        url, json={"title": "Moestuin Vogelwijk", "address": "Kerkstraat 2"}, headers={"If-Match": '"1"'}
    )
    client.post(f"{url}/transitions", json={"to": "mapping"})
    history = client.get(f"{url}/history").get_json()
    assert history["total"] == 4
    assert [entry["type"] for entry in history["items"]] == [
        "stage_change",
        "change",
        "change",
        "stage_change",
    ]
    update = history["items"][1]
    assert update["action"] == "initiative.updated"
    assert update["actor"] == "noord"
    # Free text may name residents and the log is never purged: it tells what changed, not to what.
    assert update["details"] == {"title": REDACTED, "address": REDACTED}

    page = client.get(f"{url}/history?per_page=1&page=2").get_json()
    assert page["total"] == 4
    assert page["items"] == [update]

    for_colleague = api_as("zuid").get(f"{url}/history").get_json()["items"][1]
    assert "address" not in for_colleague["details"]
    assert api_as("beheer").get(f"{url}/history").status_code == 403
