"""Issue 18, finding 3: the API is rate-limited per token and per address (429 problem+json with
Retry-After)."""

import pytest

from tests.api.conftest import ApiClient, issue_token

PER_TOKEN = {"API_REQUESTS_PER_TOKEN": "3 per minute"}
PER_ADDRESS = {"API_REQUESTS_PER_ADDRESS": "5 per minute"}


def _client(app, address, token=None):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return ApiClient(client, token)


@pytest.mark.parametrize("app_config", [PER_TOKEN])
def test_a_token_over_its_limit_gets_429_with_retry_after(demo_world, app):
    noord = _client(app, "10.0.3.1", issue_token(app, "noord"))
    assert [noord.get("/api/v1/me").status_code for _request in range(3)] == [200, 200, 200]
    response = noord.get("/api/v1/me")
    assert response.status_code == 429
    assert response.mimetype == "application/problem+json"
    assert 0 < int(response.headers["Retry-After"]) <= 60
    problem = response.get_json()
    assert problem["status"] == 429
    assert problem["title"] == "Te veel pogingen"
    assert problem["detail"].startswith("Te veel verzoeken in korte tijd. Probeer het over ")
    english = noord.get("/api/v1/me", language="en").get_json()
    assert english["detail"].startswith("Too many requests in a short time. Try again in ")
    # Another token from the same address has its own count.
    assert _client(app, "10.0.3.1", issue_token(app, "zuid")).get("/api/v1/me").status_code == 200


@pytest.mark.parametrize("app_config", [PER_ADDRESS])
def test_an_address_over_its_limit_gets_429_whatever_the_token(demo_world, app):
    statuses = [
        _client(app, "10.0.3.66", f"brc_wrong-{number}").get("/api/v1/me").status_code for number in range(6)
    ]
    assert statuses == [401] * 5 + [429]
    assert _client(app, "10.0.3.66").get("/api/v1/me").status_code == 429  # without a token too
    assert _client(app, "10.0.3.7").get("/api/v1/me").status_code == 401  # another address
