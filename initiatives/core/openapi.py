"""flask-smorest bound the way this app answers: an OpenAPI 3.1 document generated from the
schemas and served as JSON only (no documentation page loading scripts from elsewhere), its views
documented when the document is first read, and errors left to the app's own problem+json
handlers (core/errors.py). The API's own words (title, description, tags) are given at binding."""

import http
import threading

import flask
import marshmallow as ma
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from initiatives.core.access import public

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ProblemSchema(ma.Schema):
    """An RFC 9457 problem; documents the error responses (the error handlers write them)."""

    type = ma.fields.String(metadata={"description": "Always about:blank: the status says it all."})
    title = ma.fields.String(metadata={"description": "Short summary, in the client's language."})
    status = ma.fields.Integer(metadata={"description": "The HTTP status code."})
    detail = ma.fields.String(metadata={"description": "What went wrong, in the client's language."})
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Raw(),
        metadata={"description": "Messages per field, for invalid values (422)."},
    )


class DocumentedApi(Api):
    """flask-smorest's Api without its error handlers and documentation pages, which puts the
    views in the OpenAPI document when the document is first read (`register_blueprint`).
    Made unbound (extensions.py); `init_app(app, url_prefix=..., spec_kwargs=...)` binds it."""

    ERROR_SCHEMA = ProblemSchema

    def __init__(self):
        #: (blueprint, name, parameters) registered in the app, not in the document yet.
        self._undocumented = []
        self._documenting = threading.RLock()
        self._url_prefix = ""
        super().__init__()

    def init_app(self, app, *, url_prefix, spec_kwargs=None):
        """Bind to `app`, serving the document at `url_prefix`/openapi.json."""
        self._url_prefix = url_prefix
        super().init_app(app, spec_kwargs=spec_kwargs)
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
        blueprint = flask.Blueprint("api_docs", __name__, url_prefix=self._url_prefix)

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
