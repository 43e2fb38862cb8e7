"""URL rules of the map: the map of cases for those who read cases (managers and the secretary;
Mijn werk's map for managers), a case's location page for those who may edit the case."""

from flask import Blueprint

from initiatives.cases.location import format_degrees
from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role
from initiatives.locations import controllers

bp = Blueprint("locations", __name__, url_prefix="/initiatives")
readers = roles_allowed(Role.NEIGHBOURHOOD_MANAGER, Role.SECRETARY)
managers = roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
bp.add_app_template_filter(format_degrees, "degrees")

bp.add_url_rule("/map", "map", readers(controllers.map_page))
bp.add_url_rule("/map.geojson", "map_features", readers(controllers.map_features))
bp.add_url_rule("/map/shapes.geojson", "map_shapes", readers(controllers.map_shapes))
bp.add_url_rule(
    "/<int:initiative_id>/location", "location", managers(controllers.location), methods=["GET", "POST"]
)
