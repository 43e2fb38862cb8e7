"""URL rules of the health check and the language switch."""

from flask import Blueprint

from initiatives.core.access import public
from initiatives.system import controllers

bp = Blueprint("system", __name__)
bp.add_url_rule("/healthz", "healthz", public(controllers.healthz))
bp.add_url_rule("/language", "language", public(controllers.language), methods=["POST"])
