"""The API's contract, held still: every path, method, parameter, field and status of
`/api/v1/openapi.json` as it was recorded in `openapi_contract.json`.

Only ordering and descriptions may change without a new recording; a restructuring of the code
(issue 19) must leave this document as it is. A deliberate change to the API is recorded with
`BRICOLEUR_RECORD_API_CONTRACT=1 pytest tests/api/test_openapi_contract.py`, and the diff then
shows in review what clients will see.
"""

import json
import os
from pathlib import Path

CONTRACT = Path(__file__).with_name("openapi_contract.json")
#: What a schema says that is not part of the contract: words for people, and examples.
WORDS = {"description", "summary", "title", "example", "examples", "tags", "x-codeSamples"}


def _resolve(node, document, seen=()):
    """`node` with every $ref replaced by what it names, and without the words for people."""
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"]
            if name in seen:  # a schema that contains itself
                return {"$ref": name}
            target = document
            for part in name.lstrip("#/").split("/"):
                target = target[part]
            return _resolve(target, document, (*seen, name))
        return {key: _resolve(value, document, seen) for key, value in node.items() if key not in WORDS}
    if isinstance(node, list):
        items = [_resolve(item, document, seen) for item in node]
        # Lists whose order means nothing (required fields, enums, parameters) compare as sets.
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return node


def contract(document):
    """{"METHOD path": {parameters, request body, responses}}, resolved and without words."""
    operations = {}
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if method == "parameters":
                continue
            operations[f"{method.upper()} {path}"] = _resolve(
                {
                    "parameters": [*methods.get("parameters", []), *operation.get("parameters", [])],
                    "requestBody": operation.get("requestBody"),
                    "responses": operation.get("responses", {}),
                    "security": operation.get("security"),
                },
                document,
            )
    return operations


def test_the_api_contract_is_unchanged(app):
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    current = contract(document)
    if os.environ.get("BRICOLEUR_RECORD_API_CONTRACT") == "1":
        CONTRACT.write_text(json.dumps(current, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    recorded = json.loads(CONTRACT.read_text())
    assert sorted(current) == sorted(recorded), "paths or methods changed"
    for operation, shape in recorded.items():
        assert current[operation] == shape, f"{operation} changed"


def test_the_contract_sees_a_changed_field(app):
    """The comparison is not blind: a field renamed in a response is a difference."""
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    before = contract(document)
    schema = document["components"]["schemas"]["Initiative"]["properties"]
    schema["renamed"] = schema.pop("title")
    assert contract(document) != before
