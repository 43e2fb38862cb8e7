"""`GET /api/v1/initiatives.geojson`: the cases with a location as a GeoJSON FeatureCollection, with
the case list's filters and the same readers; paged as OGC API Features pages (`features`)."""

from flask import jsonify
from flask_babel import lazy_gettext as _l
from marshmallow import fields, post_load, validate

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems
from initiatives.api.util import acting_user
from initiatives.cases.api.access import CASE_READERS
from initiatives.cases.api.schemas import InitiativeListArguments, case_filters
from initiatives.core.access import roles_allowed
from initiatives.extensions import db
from initiatives.locations.features import DEFAULT_FEATURES, GEOJSON_MIMETYPE, MAX_FEATURES, feature_page
from initiatives.locations.queries import located_cases
from initiatives.locations.schemas import FEATURE_COLLECTION

TAGS = ["Initiatives"]


class FeatureArguments(InitiativeListArguments):
    per_page = fields.Integer(
        load_default=DEFAULT_FEATURES,
        validate=validate.Range(min=1, error=_l("Enter a number of at least 1.")),
        metadata={"description": f"Features per page; at most {MAX_FEATURES}, larger values are capped."},
    )

    @post_load
    def cap_page_size(self, data, **kwargs):
        data["per_page"] = min(data["per_page"], MAX_FEATURES)
        return data


@bp.route("/initiatives.geojson", methods=["GET"], endpoint="initiatives_geojson", tags=TAGS)
@roles_allowed(*CASE_READERS)
@bp.arguments(FeatureArguments, location="query")
@bp.response(
    200, FEATURE_COLLECTION, content_type=GEOJSON_MIMETYPE, description="A GeoJSON FeatureCollection."
)
@documents_problems(bp, 401, 403, 422)
def initiatives_geojson(arguments):
    """The cases with a location as GeoJSON points (WGS84), filtered as the list is.

    Each feature's properties: id, title (anonymised for those who do not work on the case), stage,
    kind, neighbourhood_code and neighbourhood_name, and url (the case's page); no contact data.
    Paged: `per_page` features (1000 by default, at most 5000) by case number, newest first;
    `numberMatched`, `numberReturned` and a `next` link in `links` while there are more.
    """
    page, per_page = arguments.pop("page"), arguments.pop("per_page")
    query = located_cases(db.session, case_filters(arguments), reader=acting_user())
    collection = feature_page(
        query,
        page=page,
        per_page=per_page,
        endpoint="api.initiatives_geojson",
        arguments={name: _argument(value) for name, value in arguments.items()},
    )
    response = jsonify(collection)
    response.mimetype = GEOJSON_MIMETYPE
    return response


def _argument(value):
    """A loaded argument as the URL writes it again (the links to the next page)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
