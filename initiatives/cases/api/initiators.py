"""The initiators of a case: residents' contact data, only for those who work on the case."""

import sqlalchemy as sa

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems
from initiatives.api.schemas import PageArguments
from initiatives.api.util import acting_user, paginated
from initiatives.audit.operations import record_personal_data_view
from initiatives.cases import contacts, operations
from initiatives.cases.api.access import initiative_from_url
from initiatives.cases.api.schemas import InitiatorPageSchema, InitiatorSchema, NewInitiatorSchema
from initiatives.cases.models import Initiative, Initiator
from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role

TAGS = ["Initiators"]
URL = "/initiatives/<int:initiative_id>/initiators"


@bp.route(URL, methods=["GET"], endpoint="list_initiators", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_view_contacts)
@bp.arguments(PageArguments, location="query")
@bp.response(200, InitiatorPageSchema)
@documents_problems(bp, 401, 403, 404)
def list_initiators(arguments, initiative):
    """List the contact persons of a case (personal data)."""
    query = sa.select(Initiator).where(Initiator.initiative_id == initiative.id).order_by(Initiator.id)
    record_personal_data_view(initiative, "api initiators")
    return paginated(query, arguments)


@bp.route(URL, methods=["POST"], endpoint="add_initiator", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_view_contacts)
@bp.arguments(NewInitiatorSchema)
@bp.response(201, InitiatorSchema)
@documents_problems(bp, 401, 403, 404)
def add_initiator(fields, initiative):
    """Add a contact person to a case (personal data)."""
    details = operations.InitiatorDetails(**fields)
    return contacts.add_initiator(initiative, acting_user(), details), 201
