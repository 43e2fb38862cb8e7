"""URL rules of the health check, the language switch and the page for a file too large."""

from flask import Blueprint

from initiatives.core.access import public
from initiatives.system import controllers

bp = Blueprint("system", __name__)
bp.add_url_rule("/healthz", "healthz", public(controllers.healthz))
bp.add_url_rule("/language", "language", public(controllers.language), methods=["POST"])
bp.add_url_rule("/file-too-large", "file_too_large", public(controllers.file_too_large))
