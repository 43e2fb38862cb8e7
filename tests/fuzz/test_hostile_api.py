"""Every API write (from the URL map) gets hostile JSON (Hypothesis): the valid body of
tests/access_policy.py with fields of the wrong type, hostile text, huge numbers, missing or
extra fields, or no JSON object at all. Never a server error, always JSON back (so nothing is
rendered as a page), and a refused request changes no row."""

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from initiatives.extensions import db
from tests.access_policy import API_REQUESTS
from tests.api.conftest import issue_token
from tests.fuzz.strategies import API_SETTINGS, hostile_text, json_values
from tests.fuzz.support import changed_tables, open_second_wijk_case, raised_at, rows_snapshot

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
JSON_TYPES = {"application/json", "application/problem+json"}


@pytest.fixture
def api_world(demo_world, test_case):
    open_second_wijk_case(demo_world)
    return {**test_case, "token": issue_token(demo_world, "noord")}


def _writes(app, ids):
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            url = rule.rule
            for name in rule.arguments:
                url = url.replace(f"<int:{name}>", str(ids[name]))
            routes += [(rule.endpoint, method, url) for method in sorted(rule.methods & WRITES)]
    return sorted(routes)


@st.composite
def hostile_bodies(draw, valid):
    """The valid body with some fields changed, dropped or added; or something else entirely."""
    shape = draw(st.sampled_from(["fields", "fields", "fields", "other"]))
    if shape == "other":
        return draw(st.one_of(json_values, st.just("not json {"), st.binary(max_size=20)))
    body = dict(valid)
    for key in list(body):
        change = draw(st.sampled_from(["keep", "keep", "text", "any", "drop"]))
        if change == "text":
            body[key] = draw(hostile_text)
        elif change == "any":
            body[key] = draw(json_values)
        elif change == "drop":
            del body[key]
    if draw(st.booleans()):
        body[draw(st.sampled_from(["id", "owner", "version", "stage", "extra"]))] = draw(json_values)
    return body


def _send(client, method, url, body, headers):
    if isinstance(body, bytes):
        return client.open(url, method=method, data=body, headers=headers, content_type="application/json")
    if isinstance(body, str) and body == "not json {":
        return client.open(url, method=method, data=body, headers=headers, content_type="application/json")
    return client.open(
        url, method=method, data=json.dumps(body), headers=headers, content_type="application/json"
    )


def _fuzz_write(app, client, token, endpoint, method, url):
    """Run Hypothesis on one API write; return the (shrunk) problem, if any."""
    request = API_REQUESTS.get(endpoint, {})
    found = []
    if_match = st.sampled_from([request.get("headers", {}).get("If-Match"), None, '"1"', "garbage", 'W/"x"'])

    @API_SETTINGS
    @given(body=hostile_bodies(request.get("json", {})), if_match=if_match)
    def fuzz(body, if_match):
        headers = {"Authorization": f"Bearer {token}", **({"If-Match": if_match} if if_match else {})}
        with app.app_context():
            before = rows_snapshot()
            db.session.remove()
        try:
            response = _send(client, method, url, body, headers)
        except Exception as error:  # the test app lets errors through: in production, a 500
            found.append(f"{method} {url} raised {raised_at(error)} with {body!r:.300}")
            raise AssertionError(found[-1]) from error
        wrong = []
        if response.status_code >= 500:
            wrong.append(f"status {response.status_code}")
        if response.status_code != 204 and response.mimetype not in JSON_TYPES:
            wrong.append(f"answered {response.mimetype}")
        if response.status_code >= 400:
            with app.app_context():
                changed = changed_tables(before, rows_snapshot())
                db.session.remove()
            if changed:
                wrong.append(f"refused ({response.status_code}) but changed {changed}")
        if wrong:
            found.append(f"{method} {url}: {wrong} with {body!r:.300}")
            raise AssertionError(found[-1])

    with contextlib.suppress(AssertionError):  # the problem is in `found`
        fuzz()
    return found[-1:]


def test_hostile_json_to_every_api_write(demo_world, api_world):
    client = demo_world.test_client()
    writes = _writes(demo_world, api_world)
    assert len(writes) >= 9
    problems = []
    for endpoint, method, url in writes:
        problems += _fuzz_write(demo_world, client, api_world["token"], endpoint, method, url)
    assert problems == [], "\n".join(problems)
