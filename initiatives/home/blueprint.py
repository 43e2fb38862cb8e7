"""URL rules of the start page."""

from flask import Blueprint

from initiatives.core.access import signed_in
from initiatives.home import controllers

bp = Blueprint("home", __name__)
bp.add_url_rule("/", "index", signed_in(controllers.index))
