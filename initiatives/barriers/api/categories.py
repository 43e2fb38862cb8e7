"""The categories of barriers and helps (reference data), retired ones included."""

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems
from initiatives.barriers.api.schemas import CategoriesSchema
from initiatives.barriers.models import BarrierCategory, HelpCategory
from initiatives.core.access import signed_in
from initiatives.vocabularies.operations import terms

TAGS = ["Categories"]


@bp.route("/categories", endpoint="categories", tags=TAGS)
@signed_in
@bp.response(200, CategoriesSchema)
@documents_problems(bp, 401)
def categories():
    """List the barrier and help categories by stable code, in order; retired ones have active false."""
    return {"barriers": terms(BarrierCategory), "helps": terms(HelpCategory)}
