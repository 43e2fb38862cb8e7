"""The wijken and buurten of the municipality (reference data)."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems
from initiatives.api.schemas import NeighbourhoodPageSchema, PageArguments
from initiatives.api.util import paginated
from initiatives.core.access import signed_in
from initiatives.organisation.models import Neighbourhood

TAGS = ["Neighbourhoods"]


@bp.route("/neighbourhoods", endpoint="neighbourhoods", tags=TAGS)
@signed_in
@bp.arguments(PageArguments, location="query")
@bp.response(200, NeighbourhoodPageSchema)
@documents_problems(bp, 401)
def neighbourhoods(arguments):
    """List the wijken and buurten by CBS code."""
    query = sa.select(Neighbourhood).options(selectinload(Neighbourhood.parent)).order_by(Neighbourhood.code)
    return paginated(query, arguments)
