"""The WSGI entry point: `app = create_app()`, settings from the environment."""

from initiatives import create_app, ready_to_serve
from initiatives.core.configuration import ConfigurationError

try:
    app = ready_to_serve(create_app())
except ConfigurationError as error:
    raise SystemExit(f"Bricoleur cannot start: {error}") from None
