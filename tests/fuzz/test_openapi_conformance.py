"""Schemathesis against the OpenAPI document the app serves: for every operation, generated
requests (valid and invalid, on the test case's real ids and on random ones) with a
neighbourhood manager's token. No server errors; every answer has a documented status code and
matches the documented schema."""

import contextlib
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.openapi import from_wsgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import issue_token
from tests.fuzz.strategies import _settings
from tests.fuzz.support import raised_at

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
#: Per operation (about two dozen): the whole run stays under a minute.
SETTINGS = _settings(12, derandomize=True)


def _strategy(operation, ids):
    """Valid and invalid requests, on the test case's records and on made-up ids."""
    known = {name: value for name, value in ids.items() if name in operation.path}
    return st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE, path_parameters=known),
        operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=known),
        operation.as_strategy(GenerationMode.POSITIVE),
    )


def _check(operation, ids, token, statuses):
    """Run Schemathesis's examples for one operation; return the (shrunk) problem, if any."""
    found = []
    headers = {"Authorization": f"Bearer {token}"}

    @SETTINGS
    @given(case=_strategy(operation, ids))
    def run(case):
        try:
            response = case.call(headers=headers)
        except Exception as error:  # the test app lets errors through: in production, a 500
            found.append(f"{operation.label} raised {raised_at(error)}")
            raise AssertionError(found[-1]) from error
        statuses[response.status_code // 100] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except AssertionError as failure:
            found.append(f"{operation.label}: {str(failure)[:1500]}")
            raise

    with contextlib.suppress(AssertionError):  # the problem is in `found`
        run()
    return found[-1:]


def test_the_api_keeps_to_its_openapi_document(demo_world, test_case):
    token = issue_token(demo_world, "noord")
    # Hundreds of requests in seconds on one token: the rate limit (tested on its own) would
    # answer most of them with 429 and leave the operations untried.
    demo_world.config.update(
        API_REQUESTS_PER_TOKEN="100000 per minute", API_REQUESTS_PER_ADDRESS="100000 per minute"
    )
    schema = from_wsgi("/api/v1/openapi.json", demo_world)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    problems = []
    statuses = Counter()
    for operation in operations:
        problems += _check(operation, test_case, token, statuses)
    assert problems == [], "\n\n".join(problems)
    # The token works and real records were reached, and invalid requests were refused.
    assert statuses[2] >= 3 * len(operations), statuses
    assert statuses[4] >= len(operations), statuses
