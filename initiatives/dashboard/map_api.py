"""The dashboard's map as GeoJSON (RFC 7946): the wijken or buurten with their shapes and figures,
for GIS and BI tools; the same filters, scope and numbers as the dashboard page."""

import hashlib
import json

from flask import Response, request
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems
from initiatives.api.schemas import ApiSchema
from initiatives.api.util import acting_user
from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role
from initiatives.dashboard.api import DashboardArguments
from initiatives.dashboard.filters import DashboardFilters, Scope
from initiatives.dashboard.map_figures import MapLevel, MapMeasure, area_map
from initiatives.dashboard.parallel import chosen_figures
from initiatives.dashboard.selection import Selection
from initiatives.extensions import db
from initiatives.geo.operations import shapes_by_neighbourhood

TAGS = ["Dashboard"]
GEOJSON = "application/geo+json"


class MapArguments(DashboardArguments):
    map_level = fields.String(
        validate=validate.OneOf([level.value for level in MapLevel], error=_l("Choose buurt or wijk.")),
        metadata={"description": "buurt (default) or wijk: each wijk counts its buurten too."},
    )
    map_measure = fields.String(
        validate=validate.OneOf(
            [measure.value for measure in MapMeasure],
            error=_l("Choose initiatives, open_barriers or barriers_per_10_initiatives."),
        ),
        metadata={"description": "What the dashboard's map shows; every feature has all the figures."},
    )


class AreaPropertiesSchema(ApiSchema):
    code = fields.String(metadata={"description": "CBS code: WK... for a wijk, BU... for a buurt."})
    name = fields.String()
    wijk = fields.String(metadata={"description": "The CBS code of the wijk: a buurt's wijk, a wijk's own."})
    initiatives = fields.Integer(
        metadata={
            "description": "Initiatives whose first contact was in the period (department and stage do not apply)."
        }
    )
    barriers = fields.Integer(metadata={"description": "Barriers raised in the period."})
    open_barriers = fields.Integer(metadata={"description": "Of those, still open."})
    barriers_per_10_initiatives = fields.Float(
        allow_none=True,
        metadata={"description": "Barriers per 10 initiatives, to one decimal; null without initiatives."},
    )


class FeatureSchema(ApiSchema):
    type = fields.String(metadata={"enum": ["Feature"]})
    id = fields.String(metadata={"description": "The CBS code."})
    geometry = fields.Dict(
        allow_none=True,
        metadata={"description": "A GeoJSON Polygon or MultiPolygon in WGS84; null when no shape is loaded."},
    )
    properties = fields.Nested(AreaPropertiesSchema)


class FeatureCollectionSchema(ApiSchema):
    type = fields.String(metadata={"enum": ["FeatureCollection"]})
    features = fields.List(fields.Nested(FeatureSchema))


def map_areas(args, user):
    """The map's AreaMap for the dashboard's filters in `args`, as `user` may see them: only the
    two aggregates the map needs (initiatives and barriers per neighbourhood, from the tallies as
    on the dashboard), not the dashboard's."""
    scope = Scope.for_user(user)
    filters = DashboardFilters.from_args(args, db.session, scope)
    selection = Selection(filters, scope)
    figures = chosen_figures()
    counted = {name: figures[name](db.session, selection, None) for name in ("initiatives", "neighbourhoods")}
    return area_map(
        db.session, selection, counted["initiatives"], counted["neighbourhoods"], filters.map_level
    )


def feature_collection(figures):
    """The areas of `figures` (map_figures.AreaMap) as a GeoJSON FeatureCollection (a dict)."""
    areas = figures.areas
    shapes = shapes_by_neighbourhood(db.session, [area.id for area in areas])
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": area.code,
                "geometry": shapes.get(area.id),
                "properties": {
                    "code": area.code,
                    "name": area.name,
                    "wijk": area.wijk_code,
                    "initiatives": area.initiatives,
                    "barriers": area.barriers,
                    "open_barriers": area.open_barriers,
                    "barriers_per_10_initiatives": area.barriers_per_10_initiatives,
                },
            }
            for area in areas
        ],
    }


@bp.route("/neighbourhoods.geojson", endpoint="neighbourhoods_geojson", tags=TAGS)
@roles_allowed(Role.SECRETARY, Role.NEIGHBOURHOOD_MANAGER)
@bp.arguments(MapArguments, location="query")
@bp.response(200, FeatureCollectionSchema, content_type=GEOJSON)
@documents_problems(bp, 401, 403, 422)
def neighbourhoods_geojson(_arguments):
    """The buurten (or wijken) with their shapes and the dashboard's figures, as GeoJSON: secretaries
    see every neighbourhood, neighbourhood managers their own wijken. The ETag changes with the
    figures and the shapes; a request with a matching If-None-Match is answered 304."""
    body = json.dumps(
        feature_collection(map_areas(request.args, acting_user())), ensure_ascii=False, separators=(",", ":")
    )
    response = Response(body, mimetype=GEOJSON)
    response.set_etag(hashlib.sha256(body.encode()).hexdigest()[:32])
    return response.make_conditional(request)
