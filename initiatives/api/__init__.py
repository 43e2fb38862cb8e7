"""The JSON API under /api/v1: flask-smorest views, marshmallow schemas that validate requests and
make the OpenAPI 3.1 document, Bearer token authentication and RFC 9457 problems."""


def init_app(app):
    """Bind the API to `app`: token authentication, the routes and the OpenAPI document."""
    from initiatives.api.auth import register_token_authentication
    from initiatives.api.blueprint import bp, load_routes
    from initiatives.api.openapi import BricoleurApi
    from initiatives.extensions import csrf

    register_token_authentication(app)
    load_routes()
    api = BricoleurApi(app)
    api.register_blueprint(bp)
    csrf.exempt(bp)  # a browser session never authenticates the API, so there is nothing to forge
    return api
