"""What the stakeholder map tells barriers (`barriers.stakeholder_source`): a case's inside
stakeholders as the reader may see them, and why one may not be named on a barrier."""

from flask_babel import gettext as _

from initiatives.cases.personal_data import case_texts
from initiatives.stakeholders.kinds import Side
from initiatives.stakeholders.naming import stakeholder_label
from initiatives.stakeholders.queries import stakeholder_of_case, stakeholders_of


def inside_stakeholders(initiative):
    """{id: label} of the case's inside stakeholders, named as the privacy rules allow the reader."""
    hidden = case_texts(initiative).hidden
    return {
        stakeholder.id: stakeholder_label(stakeholder, hidden=hidden)
        for stakeholder in stakeholders_of(initiative)
        if stakeholder.side == Side.INSIDE
    }


def barrier_stakeholder_problem(initiative, stakeholder_id):
    """Why the stakeholder may not be named on a barrier of `initiative`, or None."""
    stakeholder = stakeholder_of_case(initiative, stakeholder_id)
    if stakeholder is None:
        return _("Choose a stakeholder of this case.")
    if stakeholder.side != Side.INSIDE:
        return _("A barrier comes from inside the municipality: choose a stakeholder from inside.")
    return None
