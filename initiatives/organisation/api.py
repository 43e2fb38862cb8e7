"""The wijken and buurten of the municipality (reference data) in the JSON API."""

import sqlalchemy as sa
from marshmallow import fields
from sqlalchemy.orm import selectinload

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems
from initiatives.api.schemas import ApiSchema, PageArguments, Reference, page_of
from initiatives.api.util import paginated
from initiatives.core.access import signed_in
from initiatives.organisation.models import Neighbourhood

TAGS = ["Neighbourhoods"]


class NeighbourhoodSchema(ApiSchema):
    id = fields.Integer()
    code = fields.String(metadata={"description": "CBS code: WK... for a wijk, BU... for a buurt."})
    name = fields.String()
    wijk = Reference(
        Neighbourhood,
        attribute="parent",
        allow_none=True,
        metadata={"description": "The wijk a buurt lies in; null for a wijk."},
    )
    active = fields.Boolean()


NeighbourhoodPageSchema = page_of(NeighbourhoodSchema, "NeighbourhoodPage")


@bp.route("/neighbourhoods", endpoint="neighbourhoods", tags=TAGS)
@signed_in
@bp.arguments(PageArguments, location="query")
@bp.response(200, NeighbourhoodPageSchema)
@documents_problems(bp, 401)
def neighbourhoods(arguments):
    """List the wijken and buurten by CBS code."""
    query = sa.select(Neighbourhood).options(selectinload(Neighbourhood.parent)).order_by(Neighbourhood.code)
    return paginated(query, arguments)
