"""Moving a case through the five practices over the API."""

import pytest


@pytest.fixture
def move(api_as, make_case):
    """Return a function that asks noord to move the test case and returns the response."""
    case_id = make_case()
    client = api_as("noord")

    def request(to, language=None, **fields):
        url = f"/api/v1/initiatives/{case_id}/transitions"
        return client.post(url, json={"to": to, **fields}, language=language)

    request.case_url = f"/api/v1/initiatives/{case_id}"
    request.client = client
    return request


def _moved_to(response, stage):
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["stage"] == stage
    return response


def test_the_whole_journey(move):
    response = _moved_to(move("mapping"), "mapping")
    assert response.get_json()["version"] == 2
    assert response.headers["ETag"] == '"2"'
    _moved_to(move("relations"), "relations")
    _moved_to(move("mapping", reason="Het draagvlak viel weg."), "mapping")  # back, with a reason
    _moved_to(move("support", reason="De buurt was er snel uit."), "support")  # skip, with a reason
    _moved_to(move("embedding"), "embedding")
    _moved_to(move("practical_support"), "practical_support")

    refused = move("closed", lessons="Vroeg de wijkraad betrekken.")
    assert refused.status_code == 422
    assert "result" in refused.get_json()["errors"]
    refused = move("closed", result="realised")
    assert refused.status_code == 422
    assert "lessons" in refused.get_json()["errors"]

    closed = _moved_to(move("closed", result="realised", lessons="Vroeg de wijkraad betrekken."), "closed")
    assert closed.get_json()["result"] == "realised"
    assert closed.get_json()["lessons"] == "Vroeg de wijkraad betrekken."
    assert closed.get_json()["closed_on"] is not None

    assert move("mapping").status_code == 422  # reopening needs a reason
    reopened = _moved_to(move("mapping", reason="Nieuwe bewoners pakken het op."), "mapping")
    assert reopened.get_json()["result"] is None


def test_a_skip_without_reason_is_refused_with_the_reason_field(move):
    response = move("support")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert list(body["errors"]) == ["reason"]
    assert body["detail"] == body["errors"]["reason"][0]


def test_a_move_the_workflow_does_not_have_answers_409(move):
    response = move("intake", language="en")  # already there
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == "A case cannot move from First contact to First contact."


def test_an_unknown_stage_or_result_answers_422(move):
    assert "to" in move("finished").get_json()["errors"]
    assert "result" in move("closed", result="great", lessons="x").get_json()["errors"]


def test_a_move_with_a_stale_if_match_answers_412(move):
    move("mapping")
    response = move.client.post(
        f"{move.case_url}/transitions", json={"to": "relations"}, headers={"If-Match": '"1"'}
    )
    assert response.status_code == 412
    assert move.client.get(move.case_url).get_json()["stage"] == "mapping"


def test_every_move_is_in_the_history(move):
    move("mapping")
    move("support", reason="Snel draagvlak.")
    history = move.client.get(f"{move.case_url}/history").get_json()
    moves = [entry for entry in history["items"] if entry["type"] == "stage_change"]
    assert [(entry["from_stage"], entry["to_stage"]) for entry in moves] == [
        ("mapping", "support"),
        ("intake", "mapping"),
        (None, "intake"),
    ]
    assert moves[0]["reason"] == "Snel draagvlak."
    assert moves[0]["actor"] == "noord"
