"""Open cases that look like a new one, for a form that registers it (`cases.similar`)."""

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems
from initiatives.api.util import acting_user
from initiatives.cases.api.access import CASE_READERS
from initiatives.cases.api.schemas import SimilarArguments, SimilarCasesSchema
from initiatives.cases.similar import NewCase, similar_cases
from initiatives.core.access import roles_allowed

TAGS = ["Initiatives"]


@bp.route("/initiatives/similar", methods=["GET"], endpoint="similar_initiatives", tags=TAGS)
@roles_allowed(*CASE_READERS)
@bp.arguments(SimilarArguments, location="query")
@bp.response(200, SimilarCasesSchema)
@documents_problems(bp, 401, 403)
def similar_initiatives(arguments):
    """The open cases that look like a new one, best first, each with why (`reasons`): a similar
    title or description, the same contact person (e-mail or phone in any notation), the same
    address or street, a location within 250 m (`latitude` and `longitude`), the same
    neighbourhood. A contact person or address is compared only with the cases whose contact
    details you may see; the others by their anonymised texts. A location is compared with every
    case: it is where the idea takes place, never a resident's home address."""
    neighbourhood = arguments.get("neighbourhood")
    new_case = NewCase(
        title=arguments.get("title", ""),
        description=arguments.get("description", ""),
        neighbourhood_id=neighbourhood.id if neighbourhood else None,
        email=arguments.get("email", ""),
        phone=arguments.get("phone", ""),
        address=arguments.get("address", ""),
        latitude=arguments.get("latitude"),
        longitude=arguments.get("longitude"),
    )
    return {"items": similar_cases(new_case, acting_user())}
