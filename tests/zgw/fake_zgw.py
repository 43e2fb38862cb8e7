"""A ZGW case system on loopback for the tests: the Zaken, Catalogi and Documenten APIs in one
werkzeug server, which validates every request Bricoleur sends against the OpenAPI documents in
../shared/zgw (openapi-core) and every answer it gives against the same documents, keeps what
was made, and fails on request (a server error half-way, wrong credentials).

A request the documents refuse is answered 400 with ZGW's problem (and kept in `violations`, which
the tests assert empty); an answer the documents refuse is kept there too.
"""

import json
import threading
import uuid
from datetime import UTC, datetime
from functools import cache

import jwt
import yaml
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from config import BASE_DIR

SPECIFICATIONS = BASE_DIR.parent / "shared" / "zgw"
APIS = {
    "zaken": "zaken-openapi.yaml",
    "catalogi": "catalogi-openapi.yaml",
    "documenten": "documenten-openapi.yaml",
}
SECRET = "een-geheim-van-de-tests-voor-zgw-0123456789"
CLIENT_ID = "bricoleur-tests"
RSIN = "002220647"


@cache
def specification(api):
    """The API's document as a dict (parsed once per test process)."""
    return yaml.safe_load((SPECIFICATIONS / APIS[api]).read_text())


@cache
def openapi(api):
    return OpenAPI.from_dict(specification(api))


def _resolve(api, schema):
    while "$ref" in schema:
        schema = specification(api)["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if "allOf" in schema and "properties" not in schema:
        merged = {"properties": {}, "required": []}
        for part in schema["allOf"]:
            part = _resolve(api, part)
            merged["properties"].update(part.get("properties", {}))
            merged["required"] += part.get("required", [])
            if "enum" in part:
                merged["enum"] = part["enum"]
        return merged
    return schema


def _value_for(api, schema, base_url):
    """A value the schema accepts, for a read-only field the server fills in."""
    if schema.get("nullable"):
        return None
    schema = _resolve(api, schema)
    if "enum" in schema:
        return schema["enum"][0]
    if "oneOf" in schema:
        return _value_for(api, schema["oneOf"][0], base_url)
    kind, form = schema.get("type"), schema.get("format")
    if kind == "array":
        return []
    if kind == "boolean":
        return False
    if kind == "integer":
        return 0
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        return {name: _value_for(api, properties[name], base_url) for name in schema.get("required", [])}
    if form == "uri":
        return base_url
    if form == "date":
        return datetime.now(UTC).date().isoformat()
    if form == "date-time":
        return datetime.now(UTC).isoformat()
    if form == "uuid":
        return str(uuid.uuid4())
    return "x"


def _response_schema(api, path, method, status):
    operation = specification(api)["paths"][path][method]
    return operation["responses"][str(status)]["content"]["application/json"]["schema"]


def _problem(status, title, detail="", invalid=()):
    body = {
        "type": f"https://zgw.example/fouten/{status}",
        "code": "invalid" if status == 400 else "error",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": f"urn:uuid:{uuid.uuid4()}",
    }
    if status == 400:
        body["invalidParams"] = [
            {"name": name, "code": "invalid", "reason": reason} for name, reason in invalid
        ]
    return Response(json.dumps(body), status, content_type="application/problem+json")


def _clears_the_geometry(request):
    """A PATCH of a zaak with only `"zaakgeometrie": null`, which the Zaken API documents as
    nullable (`allOf: [GeoJSONGeometry], nullable: true`): openapi-core does not apply `nullable`
    next to an `allOf` and refuses the null, so this one body is taken as the document means it."""
    return (
        request.method == "PATCH"
        and request.path.rsplit("/", 2)[1] == "zaken"
        and request.get_json(silent=True) == {"zaakgeometrie": None}
    )


class FakeZgw:
    """The case system. `created[resource]` holds every object made, in order; `requests` every
    request (method, path); `violations` every request or answer the documents refuse."""

    def __init__(self):
        self.created = {}
        self.requests = []
        self.violations = []
        self.updated = []
        #: The files' content as sent (base64), in order.
        self.sent_content = []
        self.failures = {}  # resource -> status, for the next request to it
        self.base_url = ""
        self.zaaktype = {}
        self.statustypen = []
        self.roltypen = []
        self.lock = threading.Lock()

    # -- what the tests set -------------------------------------------------------------------------

    def catalogue(self, zaaktype, statuses=7, roles=("behandelaar", "initiator")):
        """The zaaktype's statustypen (the last is the end status) and roltypen."""
        base = f"{self.base_url}/catalogi/api/v1"
        self.zaaktype = self._filled(
            "catalogi",
            "/zaaktypen/{uuid}",
            "get",
            200,
            {"url": zaaktype, "identificatie": "BRICOLEUR-INITIATIEF", "omschrijving": "Bewonersinitiatief"},
        )
        self.statustypen = [
            self._filled(
                "catalogi",
                "/statustypen/{uuid}",
                "get",
                200,
                {
                    "url": f"{base}/statustypen/{uuid.uuid4()}",
                    "omschrijving": f"Status {number}",
                    "zaaktype": zaaktype,
                    "volgnummer": number,
                    "isEindstatus": number == statuses,
                },
            )
            for number in range(statuses, 0, -1)  # not in volgnummer order: Bricoleur sorts
        ]
        self.roltypen = [
            self._filled(
                "catalogi",
                "/roltypen/{uuid}",
                "get",
                200,
                {
                    "url": f"{base}/roltypen/{uuid.uuid4()}",
                    "omschrijving": generic.capitalize(),
                    "omschrijvingGeneriek": generic,
                    "zaaktype": zaaktype,
                },
            )
            for generic in roles
        ]

    def fail_next(self, resource, status=500):
        """Answer the next request to `resource` (e.g. "rollen") with `status`."""
        self.failures[resource] = status

    def made(self, resource):
        return self.created.get(resource, [])

    # -- the server ---------------------------------------------------------------------------------

    def _filled(self, api, path, method, status, body):
        """`body` with every required field the documents' answer has."""
        schema = _resolve(api, _response_schema(api, path, method, status))
        if "oneOf" in schema:  # Rol, ZaakObject: the variant of its discriminator
            discriminator = schema["discriminator"]
            schema = _resolve(api, {"$ref": discriminator["mapping"][body[discriminator["propertyName"]]]})
        filled = dict(body)
        for name in schema.get("required", []):
            if name not in filled:
                filled[name] = _value_for(api, schema["properties"][name], self.base_url)
        return filled

    def __call__(self, environ, start_response):
        request = Request(environ)
        with self.lock:
            response = self._answer(request)
        return response(environ, start_response)

    def _answer(self, request):
        api = request.path.strip("/").split("/", 1)[0]
        if api not in APIS:
            return _problem(404, "Niet gevonden")
        self.requests.append((request.method, request.path))
        credentials = request.headers.get("Authorization", "")
        try:
            claims = jwt.decode(credentials.removeprefix("Bearer "), SECRET, algorithms=["HS256"])
        except jwt.InvalidTokenError:
            return _problem(401, "Niet geautoriseerd", "Het JWT is ongeldig.")
        if claims.get("client_id") != CLIENT_ID:
            return _problem(403, "Geen rechten", "Deze client heeft geen autorisaties.")
        errors = list(openapi(api).iter_request_errors(WerkzeugOpenAPIRequest(request)))
        if _clears_the_geometry(request):
            errors = []
        if errors:
            self.violations.append((request.method, request.path, [str(error) for error in errors]))
            return _problem(400, "Ongeldige request", invalid=[("request", str(error)) for error in errors])
        resource = request.path.rstrip("/").rsplit("/", 1)[1]
        if resource in self.failures:
            return _problem(self.failures.pop(resource), "Interne serverfout", "Probeer het later opnieuw.")
        if request.method == "GET" and resource in ("statustypen", "roltypen"):
            results = self.statustypen if resource == "statustypen" else self.roltypen
            answer = Response(
                json.dumps({"count": len(results), "next": None, "previous": None, "results": results}),
                200,
                content_type="application/json",
            )
        elif request.method == "GET" and request.path.rsplit("/", 2)[1] == "zaaktypen":
            answer = Response(json.dumps(self.zaaktype), 200, content_type="application/json")
        elif request.method == "POST":
            answer = self._create(api, resource, request)
        elif request.method == "PATCH" and request.path.rsplit("/", 2)[1] == "zaken":
            answer = self._update(request)
        else:
            return _problem(405, "Niet toegestaan")
        self._check_answer(api, request, answer)
        return answer

    def _create(self, api, resource, request):
        body = request.get_json()
        base = f"{self.base_url}/{api}/api/v1/{resource}"
        made = self._filled(api, f"/{resource}", "post", 201, {**body, "url": f"{base}/{uuid.uuid4()}"})
        if "inhoud" in made:
            self.sent_content.append(made["inhoud"])
            made["inhoud"] = f"{made['url']}/download"  # the answer links the content
        self.created.setdefault(resource, []).append(made)
        headers = {"Location": made["url"]}
        if resource == "zaken":
            headers["Content-Crs"] = "EPSG:4326"
        return Response(json.dumps(made), 201, headers=headers, content_type="application/json")

    def _update(self, request):
        """A PATCH of a zaak made before (its geometry, when the case's location changed)."""
        url = f"{self.base_url}{request.path}"
        made = next((zaak for zaak in self.created.get("zaken", []) if zaak["url"] == url), None)
        if made is None:
            return _problem(404, "Niet gevonden")
        made.update(request.get_json())
        self.updated.append((url, request.get_json()))
        return Response(
            json.dumps(made), 200, headers={"Content-Crs": "EPSG:4326"}, content_type="application/json"
        )

    def _check_answer(self, api, request, answer):
        if _clears_the_geometry(request):
            return  # the answer's null geometry is misread the same way (see there)
        errors = list(
            openapi(api).iter_response_errors(
                WerkzeugOpenAPIRequest(request), WerkzeugOpenAPIResponse(answer)
            )
        )
        if errors:
            self.violations.append(("answer", request.path, [str(error) for error in errors]))


class RunningServer:
    def __init__(self, fake):
        self.fake = fake
        self.server = make_server("127.0.0.1", 0, fake, threaded=True)
        fake.base_url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self.fake

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=5)


def settings_for(base_url, zaaktype):
    """The app's ZGW settings for a case system at `base_url`."""
    return {
        "ZGW_ZAKEN_API": f"{base_url}/zaken/api/v1",
        "ZGW_CATALOGI_API": f"{base_url}/catalogi/api/v1",
        "ZGW_DOCUMENTEN_API": f"{base_url}/documenten/api/v1",
        "ZGW_CLIENT_ID": CLIENT_ID,
        "ZGW_SECRET": SECRET,
        "ZGW_RSIN": RSIN,
        "ZGW_ZAAKTYPE": zaaktype,
        "ZGW_INFORMATIEOBJECTTYPE": f"{base_url}/catalogi/api/v1/informatieobjecttypen/{uuid.uuid4()}",
    }
