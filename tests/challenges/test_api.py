"""A challenge through the API: the kind on the case, the `challenge` object on it, and
PUT/PATCH /initiatives/{id}/challenge with If-Match through inadmissible and granted with reviews."""

from datetime import timedelta

from initiatives.core.dates import local_today


def test_a_case_is_opened_as_a_challenge_and_carries_its_challenge(demo_world, challenge_case, api_as):
    api = api_as("noord")
    case = api.get(f"/api/v1/initiatives/{challenge_case['initiative_id']}").json
    assert case["kind"] == "right_to_challenge"
    assert case["challenge"]["decision"] is None
    assert case["challenge"]["version"] == 0
    assert (
        case["challenge"]["decision_due_on"]
        == (challenge_case["received_on"] + timedelta(weeks=8)).isoformat()
    )


def test_an_initiative_has_kind_initiative_and_no_challenge(demo_world, test_case, api_as):
    case = api_as("noord").get(f"/api/v1/initiatives/{test_case['initiative_id']}").json
    assert case["kind"] == "initiative"
    assert case["challenge"] is None


def test_an_excluded_task_is_inadmissible_through_the_api(demo_world, challenge_case, api_as):
    api = api_as("noord")
    url = f"/api/v1/initiatives/{challenge_case['initiative_id']}/challenge"
    assert api.patch(url, json={"task": "Verlenen van vergunningen"}).status_code == 428
    put = api.request(
        "PUT",
        url,
        json={"task": "Verlenen van vergunningen", "better_because": "Sneller.", "cost_estimate": 500},
        headers={"If-Match": '"0"'},
    )
    assert put.status_code == 200, put.json
    assert put.json["task_id"] == challenge_case["permits"]
    assert "artikel 4" in put.json["excluded_because"]
    assert put.json["cost_estimate"] == 500
    stale = api.patch(url, json={"decision": "inadmissible"}, headers={"If-Match": '"0"'})
    assert stale.status_code == 412
    decided = api.patch(
        url,
        json={
            "decision": "inadmissible",
            "decided_on": local_today().isoformat(),
            "decision_grounds": "Uitgesloten.",
        },
        headers={"If-Match": put.headers["ETag"]},
    )
    assert decided.status_code == 200, decided.json
    assert (decided.json["decision"], decided.json["decided_within_term"]) == ("inadmissible", True)
    assert decided.json["agreement"] is None


def test_a_grant_with_agreement_and_reviews_through_the_api(demo_world, challenge_case, api_as):
    api = api_as("noord")
    case_id = challenge_case["initiative_id"]
    url = f"/api/v1/initiatives/{case_id}/challenge"
    review = local_today() + timedelta(days=60)
    done = api.patch(
        url,
        json={
            "task": "Iets dat niet op de lijst staat",
            "decision_due_on": (challenge_case["received_on"] + timedelta(weeks=10)).isoformat(),
            "due_change_reason": "Zomerreces.",
            "decision": "granted",
            "decided_on": local_today().isoformat(),
            "decision_grounds": "Goed plan.",
            "takes_over": "Het maaien.",
            "budget": 900.5,
            "review_dates": [review.isoformat()],
        },
        headers={"If-Match": "*"},
    )
    assert done.status_code == 200, done.json
    body = done.json
    assert body["task"] == "Iets dat niet op de lijst staat"
    assert body["task_id"] is None
    assert body["decision_due_on"] == (challenge_case["received_on"] + timedelta(weeks=10)).isoformat()
    assert body["agreement"]["review_dates"] == [review.isoformat()]
    assert body["agreement"]["budget"] == 900.5
    assert api.get(f"/api/v1/initiatives/{case_id}").json["follow_up_on"] == review.isoformat()
    refused = api.patch(
        url, json={"evaluation": "", "evaluated_on": local_today().isoformat()}, headers={"If-Match": "*"}
    )
    assert refused.status_code == 422


def test_readers_read_and_only_editors_change(demo_world, challenge_case, api_as):
    url = f"/api/v1/initiatives/{challenge_case['initiative_id']}/challenge"
    assert api_as("secretaris").get(url).status_code == 200
    assert api_as("zuid").patch(url, json={"task": "x"}, headers={"If-Match": "*"}).status_code == 403
    assert api_as("secretaris").patch(url, json={"task": "x"}, headers={"If-Match": "*"}).status_code == 403
