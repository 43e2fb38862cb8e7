"""How a stakeholder is named to a reader. A named person (a colleague, a contact person, a linked
initiator) is personal data: shown only to those who may see the case's contact details
(`Initiative.can_view_contacts`); others read "a colleague of Permits", "a resident", or the
organisation."""

from flask_babel import gettext as _

from initiatives.stakeholders.kinds import Side


def person_of(stakeholder):
    """The person's name, or "" when it names none (or the name was erased)."""
    if stakeholder.initiator is not None:
        return stakeholder.initiator.name
    return stakeholder.name


def unnamed_label(stakeholder):
    """The stakeholder without its person: what every reader of the case may see."""
    if stakeholder.side == Side.INSIDE:
        department = stakeholder.department.name if stakeholder.department else ""
        if person_of(stakeholder):
            return _("a colleague of %(department)s", department=department)
        return department
    if stakeholder.organisation:
        return stakeholder.organisation
    return _("a resident")


def stakeholder_label(stakeholder, *, hidden):
    """The stakeholder as a reader sees it: `hidden` when they may not see the case's contact
    details (`cases.personal_data.case_texts(...).hidden`)."""
    person = person_of(stakeholder)
    if hidden or not person:
        return unnamed_label(stakeholder)
    where = stakeholder.department.name if stakeholder.side == Side.INSIDE else stakeholder.organisation
    return f"{person} ({where})" if where else person
