"""The OpenAPI document: valid OpenAPI 3.1, public, and describing every API route."""

import re

from openapi_spec_validator import validate

#: A Flask URL variable such as <int:initiative_id>, written {initiative_id} in OpenAPI.
URL_VARIABLE = re.compile(r"<(?:\w+:)?(\w+)>")


def test_the_document_is_valid_openapi_3_1(app):
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    document = response.get_json()
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_the_document_describes_every_api_route(app):
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    documented = {
        (path, method.upper())
        for path, operations in document["paths"].items()
        for method in operations
        if method != "parameters"
    }
    routes = {
        (URL_VARIABLE.sub(r"{\1}", rule.rule), method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert documented == routes


def test_the_document_asks_for_a_bearer_token_and_describes_problems(app):
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert document["security"] == [{"bearerAuth": []}]
    unauthorised = document["components"]["responses"]["UNAUTHORIZED"]
    assert "application/problem+json" in unauthorised["content"]
    new_case = document["components"]["schemas"]["NewInitiative"]
    assert set(new_case["required"]) == {"title", "description", "neighbourhood", "channel", "received_on"}
    assert new_case["properties"]["channel"]["enum"] == [
        "phone",
        "email",
        "walk_in",
        "meeting",
        "social_media",
        "council",
        "colleague",
        "other",
    ]


def test_every_operation_has_a_declared_tag(app):
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    used = {
        tag
        for operations in document["paths"].values()
        for method, operation in operations.items()
        if method != "parameters"
        for tag in operation["tags"]
    }
    assert used == {tag["name"] for tag in document["tags"]}
