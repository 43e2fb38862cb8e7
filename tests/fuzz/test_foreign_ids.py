"""Object-level checks: the ids of another wijk's case, and of what hangs under it (contacts,
files, barriers, helps), or of another user's API token, get 403 or 404 and never its data, on
every route that takes such an id (read from the URL map, so new routes are covered too).

By design (tests/access_policy.py) every neighbourhood manager may read every case, so those
reads answer 200; they must still not show the residents' contact details.
"""

import io

import pytest
from pypdf import PdfReader

from initiatives.auth.users import find_user
from initiatives.extensions import db
from tests.access_policy import API_REQUESTS, POLICY
from tests.api.conftest import issue_token
from tests.conftest import Browser
from tests.fuzz.support import changed_tables, harvest_forms, open_second_wijk_case, rows_snapshot

#: The URL variables that name one record; user_id only matters together with token_id.
ID_ARGUMENTS = {"initiative_id", "initiator_id", "attachment_id", "barrier_id", "help_id", "token_id"}
#: Personal data of the other wijk's case: never shown to a manager who does not work on it.
CONTACT_DETAILS = ("Zuidema", "zoe.zuidema@example.org", "0698765432", "Zuidparklaan")
REFUSED = {403, 404}


@pytest.fixture
def two_wijken(demo_world, test_case):
    """Case A (Noord, noord's) and case B (Zuid, zuid's), noord's and zuid's tokens, noord's forms."""
    foreign, secrets = open_second_wijk_case(demo_world)
    noord_secret = issue_token(demo_world, "noord")
    with demo_world.app_context():
        noord = find_user("noord")
        own = {**test_case, "user_id": noord.id, "token_id": noord.api_tokens[-1].id}
    browser = Browser(demo_world.test_client())
    assert browser.login("noord").status_code == 302
    admin = Browser(demo_world.test_client())
    assert admin.login("beheer").status_code == 302
    case = f"/initiatives/{own['initiative_id']}"
    pages = [
        case,
        f"{case}/edit",
        f"{case}/barriers/{own['barrier_id']}",
        f"{case}/initiators/{own['initiator_id']}",
        "/account",
    ]
    forms = harvest_forms(demo_world, browser.client, pages)
    admin_forms = harvest_forms(demo_world, admin.client, [f"/admin/users/{own['user_id']}"])
    csrf = {
        "noord": forms["cases.move"].fields["csrf_token"].default,
        "beheer": next(iter(admin_forms.values())).fields["csrf_token"].default,
    }
    return {
        "own": own,
        "foreign": foreign,
        "secrets": secrets,
        "clients": {"noord": browser.client, "beheer": admin.client},
        "tokens": {"noord": noord_secret},
        "forms": {**admin_forms, **forms},
        "csrf": csrf,
    }


def id_routes(app):
    """(endpoint, rule, method) for every route taking a record's id."""
    return [
        (rule.endpoint, rule, method)
        for rule in app.url_map.iter_rules()
        if rule.arguments & ID_ARGUMENTS
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]


def _fill(rule_text, ids):
    for name, value in ids.items():
        rule_text = rule_text.replace(f"<int:{name}>", str(value))
    return rule_text


def _call(world, actor, endpoint, method, url):
    """Send the request an allowed actor would send: the page's form values, or the API's body."""
    client = world["clients"][actor]
    if url.startswith("/api/"):
        request = API_REQUESTS.get(endpoint, {})
        headers = {**request.get("headers", {}), "Authorization": f"Bearer {world['tokens'][actor]}"}
        return client.open(url, method=method, json=request.get("json"), headers=headers)
    if method == "GET":
        return client.get(url)
    form = world["forms"].get(endpoint)
    body = {**(form.default_body() if form else {}), "csrf_token": world["csrf"][actor]}
    return client.open(url, method=method, data=body)


def _text_of(response):
    if response.mimetype == "application/pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    return response.get_data(as_text=True)


def _expect_refused(app, world, actor, endpoint, method, url, leaking):
    """Return the problems with calling `url` as `actor`: it must be refused, show nothing, change nothing."""
    with app.app_context():
        before = rows_snapshot()
    response = _call(world, actor, endpoint, method, url)
    text = _text_of(response)
    problems = []
    if response.status_code not in REFUSED:
        problems.append(f"{method} {url} as {actor}: {response.status_code}, expected 403 or 404")
    shown = [secret for secret in leaking if secret in text]
    if shown:
        problems.append(f"{method} {url} as {actor} shows {shown}")
    with app.app_context():
        changed = changed_tables(before, rows_snapshot())
        db.session.remove()
    if changed:
        problems.append(f"{method} {url} as {actor} changed {changed}")
    return problems


def test_another_wijks_ids_give_no_data_on_any_route(demo_world, two_wijken):
    """noord manages Noord and Binnenstad; every id below belongs to zuid's case in Zuid."""
    world = two_wijken
    problems = []
    checked = set()
    for endpoint, rule, method in id_routes(demo_world):
        url = _fill(rule.rule, world["foreign"])
        checked.add(endpoint)
        reading_allowed = method == "GET" and POLICY[endpoint][2]["other_manager"] == 200
        if reading_allowed:
            response = _call(world, "noord", endpoint, method, url)
            shown = [detail for detail in CONTACT_DETAILS if detail in _text_of(response)]
            if response.status_code != 200 or shown:
                problems.append(f"GET {url}: {response.status_code}, shows {shown}")
            continue
        problems += _expect_refused(demo_world, world, "noord", endpoint, method, url, world["secrets"])
    assert problems == [], "\n".join(problems)
    assert {"cases.edit", "barriers.edit_barrier", "api.update_help", "auth.revoke_token"} <= checked


def test_zuids_token_cannot_be_revoked_by_noord_and_still_works(demo_world, two_wijken):
    world = two_wijken
    url = f"/account/tokens/{world['foreign']['token_id']}/revoke"
    assert (
        _expect_refused(demo_world, world, "noord", "auth.revoke_token", "POST", url, ["Zuids koppeling"])
        == []
    )


def test_mismatched_pairs_are_refused(demo_world, two_wijken):
    """Case A's URL (which noord may change) with a contact, file, barrier or help of case B; an
    admin revoking zuid's token under noord's account page. Refused, and nothing of B shown."""
    world = two_wijken
    problems = []
    pairs = 0
    for endpoint, rule, method in id_routes(demo_world):
        names = [name for name in ID_ARGUMENTS | {"user_id"} if f"<int:{name}>" in rule.rule]
        parent = "initiative_id" if "initiative_id" in names else "user_id"
        children = [name for name in names if name != parent]
        if parent not in names or not children:
            continue
        allowed = POLICY[endpoint][2]
        actor = "noord" if allowed["neighbourhood_manager"] not in {403, 401, "login"} else "beheer"
        for child in children:
            ids = {**world["own"], child: world["foreign"][child]}
            url = _fill(rule.rule, ids)
            pairs += 1
            problems += _expect_refused(demo_world, world, actor, endpoint, method, url, world["secrets"])
    assert problems == [], "\n".join(problems)
    assert pairs >= 10
