"""The JSON API's own parts under /api/v1: the flask-smorest blueprint and OpenAPI 3.1 document,
shared schema fields, paging and ETags, Bearer tokens and RFC 9457 problems. The resources live
in their domains (cases/api/, barriers/api/, auth/api.py, ...), which import this package; it
imports no domain."""


def init_app(app):
    """Bind the API to `app`: stateless sessions, the routes the domains' API modules attached
    to the blueprint (import them first) and the OpenAPI document."""
    from initiatives.api.auth import StatelessApiSessionInterface
    from initiatives.api.blueprint import bp
    from initiatives.api.openapi import URL_PREFIX, spec_options
    from initiatives.extensions import api as smorest
    from initiatives.extensions import csrf

    app.session_interface = StatelessApiSessionInterface()
    api = smorest.init_app(app, url_prefix=URL_PREFIX, spec_kwargs=spec_options())
    api.register_blueprint(bp)
    csrf.exempt(bp)  # a browser session never authenticates the API, so there is nothing to forge
    return api
