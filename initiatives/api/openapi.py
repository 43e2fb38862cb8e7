"""flask-smorest bound to Bricoleur: an OpenAPI 3.1 document generated from the schemas,
served at /api/v1/openapi.json, while errors stay with the app's own problem+json handlers."""

import http
import threading

import flask
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from initiatives.api.problems import PROBLEM_CONTENT_TYPE, ProblemSchema
from initiatives.core.access import public

URL_PREFIX = "/api/v1"
OPENAPI_VERSION = "3.1.0"
API_VERSION = "1.0.0"

DESCRIPTION = """The JSON API of Bricoleur, the case tracker for citizen initiatives.

Authenticate with a personal API token: `Authorization: Bearer <token>`. The same rules apply as
on the pages: neighbourhood managers read every case and change those of their own wijken (or
where they are owner or on the team), secretaries read cases without residents' contact data,
admins manage reference data only.

Errors are RFC 9457 problems (`application/problem+json`) whose `detail` follows
`Accept-Language` (Dutch or English). Collections answer `{"items", "total", "page", "per_page"}`.
To change a case, a barrier or a help, send the `ETag` of the version you loaded as `If-Match`.
"""

#: The groups of operations, in the order a reader meets them; each resource module uses one.
TAGS = [
    {"name": "Account", "description": "The account behind the token."},
    {"name": "Neighbourhoods", "description": "The wijken and buurten, by CBS code."},
    {"name": "Initiatives", "description": "The cases: list and search, open, read, change, move."},
    {"name": "Timeline", "description": "The activities on the timeline of a case."},
    {"name": "Initiators", "description": "Residents' contact data, for those who work on the case."},
    {"name": "History", "description": "The stage changes and audited changes of a case."},
    {"name": "Barriers", "description": "The barriers a case hit inside the municipality."},
    {"name": "Helps", "description": "The helps asked for or given against barriers, and their effects."},
    {"name": "Categories", "description": "The barrier and help categories, by stable code."},
    {"name": "Dashboard", "description": "The barrier dashboard's figures, with the page's filters."},
    {
        "name": "Exports",
        "description": "The cases as CSV or XLSX, anonymised unless personal data is asked for.",
    },
    {"name": "Reports", "description": "The council report (raadsinformatiebrief): public, so anonymised."},
]


class BricoleurApi(Api):
    """flask-smorest's Api without its error handlers and documentation pages, which puts the
    views in the OpenAPI document when the document is first read (`register_blueprint`)."""

    ERROR_SCHEMA = ProblemSchema

    def __init__(self, app):
        #: (blueprint, name, parameters) registered in the app, not in the document yet.
        self._undocumented = []
        self._documenting = threading.RLock()
        super().__init__(
            app,
            spec_kwargs={
                "title": "Bricoleur API",
                "version": API_VERSION,
                "openapi_version": OPENAPI_VERSION,
                "info": {"description": DESCRIPTION},
                "security": [{"bearerAuth": []}],
                "tags": TAGS,  # replaces the one tag flask-smorest makes for the whole blueprint
            },
        )
        self.spec.components.security_scheme(
            "bearerAuth",
            {"type": "http", "scheme": "bearer", "description": "A personal API token."},
        )

    @property
    def spec(self):
        """The OpenAPI document (an `apispec.APISpec`), with every registered view in it."""
        if self._undocumented:
            self._document()
        return self._spec

    @spec.setter
    def spec(self, spec):
        self._spec = spec

    def register_blueprint(self, blp, *, parameters=None, **options):
        """Register `blp` in the app now, and in the OpenAPI document when that is first read.

        Documenting the views takes longer than all the rest of making the app (55 of 77 ms),
        which each app of the test suite and each worker would pay, while few read the document.
        """
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self._undocumented.append((blp, name, parameters))

    def _document(self):
        with self._documenting:  # once, if two requests read it at the same time
            while self._undocumented:
                blp, name, parameters = self._undocumented.pop(0)
                blp.register_views_in_doc(self, self._app, self._spec, name=name, parameters=parameters)
                self._spec.tag({"name": name, "description": blp.description})

    def _register_error_handlers(self):
        """Leave errors to the app's handlers, which answer problem+json under /api/."""

    def _register_doc_blueprint(self):
        """Serve the OpenAPI document only: no documentation page that loads scripts from elsewhere."""
        blueprint = flask.Blueprint("api_docs", __name__, url_prefix=URL_PREFIX)

        @public
        def openapi_json():
            """Answer the OpenAPI document of the API."""
            return self._openapi_json()

        blueprint.add_url_rule("/openapi.json", "openapi_json", openapi_json)
        self._app.register_blueprint(blueprint)

    def _register_responses(self):
        """Document the error responses as problem+json."""
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        default = {"description": "An error, as an RFC 9457 problem.", "schema": self.ERROR_SCHEMA}
        prepare_response(default, self.spec, PROBLEM_CONTENT_TYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, default, lazy=True)
