"""API fixtures: personal tokens for the demo accounts and a client that sends them."""

from datetime import timedelta

import pytest

from initiatives.auth.tokens import issue_api_token
from initiatives.auth.users import find_user
from initiatives.cases import operations
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.organisation.operations import find_neighbourhood

NOORD = "WK999902"  # noord's wijk
BINNENSTAD = "WK999901"  # noord's other wijk
ZUID = "WK999903"  # zuid's wijk


class ApiClient:
    """A test client that sends a Bearer token (when it has one) and JSON."""

    def __init__(self, client, token=None):
        self.client = client
        self.token = token

    def request(self, method, url, *, json=None, headers=None, language=None):
        sent = dict(headers or {})
        if self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        if language:
            sent["Accept-Language"] = language
        return self.client.open(url, method=method, json=json, headers=sent)

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, json=None, **kwargs):
        return self.request("POST", url, json=json, **kwargs)

    def patch(self, url, json=None, **kwargs):
        return self.request("PATCH", url, json=json, **kwargs)


def issue_token(app, username, days=30):
    """Issue a personal API token for `username` and return its secret."""
    with app.app_context():
        _token, secret = issue_api_token(find_user(username), "tests", days)
        db.session.commit()
    return secret


@pytest.fixture
def api_as(demo_world):
    """Return a function giving an ApiClient with a fresh token of a demo account (None: no token)."""

    def make(username=None):
        token = issue_token(demo_world, username) if username else None
        return ApiClient(demo_world.test_client(), token)

    return make


@pytest.fixture
def make_case(demo_world):
    """Return a function that opens a case as `owner` in the wijk `code` and returns its id."""

    def make(owner="noord", code=NOORD, *, title="Moestuin achter de school", **fields):
        with demo_world.app_context():
            initiative = operations.open_case(
                find_user(owner),
                title=title,
                description=fields.pop("description", "Bewoners willen samen groente kweken."),
                neighbourhood=find_neighbourhood(code),
                channel=fields.pop("channel", "phone"),
                received_on=fields.pop("received_on", local_today() - timedelta(days=3)),
                **fields,
            )
            db.session.commit()
            return initiative.id

    return make
