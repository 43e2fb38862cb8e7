"""Every route checks who may use it: a declared rule per endpoint, and the outcome per actor."""

import pytest

from initiatives.auth.accounts import create_user
from initiatives.auth.models import User
from initiatives.cases.models import Initiative
from initiatives.cases.team import set_team
from initiatives.core.access import access_rule_for
from initiatives.core.roles import Role
from initiatives.extensions import db
from initiatives.organisation.operations import find_neighbourhood
from tests.access_policy import ACTORS, API_REQUESTS, POLICY
from tests.api.conftest import issue_token
from tests.conftest import DEMO_PASSWORD, Browser, csrf_token_from, url_ids

ACTOR_ACCOUNTS = {
    "neighbourhood_manager": "noord",
    "other_manager": "zuid",
    "team_member": "teamlid",
    "secretary": "secretaris",
    "admin": "beheer",
    "deactivated": "vertrokken",
}


def test_every_endpoint_declares_an_access_rule(app):
    with app.test_request_context():
        missing = [
            rule.endpoint for rule in app.url_map.iter_rules() if access_rule_for(rule.endpoint) is None
        ]
    assert missing == []


def test_every_endpoint_is_in_the_policy_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(POLICY) == set(), "add these routes to tests/access_policy.py"
    assert set(POLICY) - endpoints == set(), "these policy entries have no route any more"


def test_every_policy_entry_names_every_actor():
    incomplete = {
        endpoint: sorted(set(ACTORS) ^ set(outcomes))
        for endpoint, (_m, _u, outcomes) in POLICY.items()
        if set(outcomes) != set(ACTORS)
    }
    assert incomplete == {}, "give these entries an outcome for exactly the actors in ACTORS"


@pytest.mark.fresh_app
def test_an_endpoint_without_a_rule_is_denied(app):
    app.add_url_rule("/forgotten", "forgotten", lambda: "secret")
    response = app.test_client().get("/forgotten")
    assert response.status_code == 403
    assert "secret" not in response.get_data(as_text=True)


@pytest.fixture
def actor_client(demo_world, test_case):
    """Return a Browser for an actor; `deactivated` signs in and is then deactivated.

    `team_member` manages another wijk (Zuid) and is on the test case's team.
    """
    with demo_world.app_context():
        colleague = create_user(
            "teamlid",
            Role.NEIGHBOURHOOD_MANAGER,
            DEMO_PASSWORD,
            neighbourhoods=[find_neighbourhood("WK999903")],
            published_demo_password=True,
        )
        initiative = db.session.get(Initiative, test_case["initiative_id"])
        set_team(initiative, initiative.owner, [colleague])
        departed = create_user(
            "vertrokken",
            Role.NEIGHBOURHOOD_MANAGER,
            DEMO_PASSWORD,
            neighbourhoods=[find_neighbourhood("WK999902")],
            published_demo_password=True,
        )
        db.session.commit()
        departed_id = departed.id

    def make(actor):
        client = Browser(demo_world.test_client())
        if actor == "anonymous":
            return client
        assert client.login(ACTOR_ACCOUNTS[actor]).status_code == 302
        if actor == "deactivated":
            with demo_world.app_context():
                db.session.get(User, departed_id).active = False
                db.session.commit()
        return client

    return make


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("endpoint", sorted(POLICY))
def test_route_answers_each_actor_as_declared(demo_world, test_case, actor_client, endpoint, actor):
    method, url_template, expected_by_actor = POLICY[endpoint]
    expected = expected_by_actor[actor]
    url = url_template.format(**url_ids(demo_world, test_case))
    if url.startswith("/api/"):
        # A token first: `deactivated` loses the account (and so the token) when signing in.
        token = None if actor == "anonymous" else issue_token(demo_world, ACTOR_ACCOUNTS[actor])
        response = _call_api(actor_client(actor), endpoint, method, url, token)
        assert response.status_code == expected
        return
    client = actor_client(actor)
    if method == "GET":
        response = client.get(url)
    else:
        token = csrf_token_from(client.get("/login", follow_redirects=True).get_data(as_text=True))
        response = client.client.post(url, data={"csrf_token": token})
    if expected == "login":
        assert response.status_code == 302
        assert response.location.startswith("/login")
    else:
        assert response.status_code == expected


def _call_api(browser, endpoint, method, url, token):
    """Call as an API client with `token`; the browser's session cookie must not count."""
    request = API_REQUESTS.get(endpoint, {})
    headers = {**request.get("headers", {}), **({"Authorization": f"Bearer {token}"} if token else {})}
    return browser.client.open(url, method=method, json=request.get("json"), headers=headers)


def test_neighbourhood_manager_sees_only_own_neighbourhoods_at_home(signed_in):
    page = signed_in("noord").get("/").get_data(as_text=True)
    assert "Noord" in page
    assert "Binnenstad" in page
    assert "Zuid" not in page.split("<main", 1)[1]
