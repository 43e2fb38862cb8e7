"""URL rules of the health check, the language switch and the page for a file too large."""

from flask import Blueprint

from initiatives.core.access import public
from initiatives.core.security_headers import plain_http_allowed
from initiatives.system import controllers

bp = Blueprint("system", __name__)
# Load balancers probe the health check over plain HTTP, also in production.
bp.add_url_rule("/healthz", "healthz", plain_http_allowed(public(controllers.healthz)))
bp.add_url_rule("/language", "language", public(controllers.language), methods=["POST"])
bp.add_url_rule("/file-too-large", "file_too_large", public(controllers.file_too_large))
