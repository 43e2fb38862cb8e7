"""The case system's section of the case page: whether and when the case was sent, with a link to
its zaak, the button that sends it (its owner and the secretary), and the files the team marks for
the archive. Not on the page while the export is off."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from initiatives.cases.case_page_sections import CaseSection
from initiatives.core.roles import Role
from initiatives.zgw.config import is_on
from initiatives.zgw.operations import zaak_of


def may_push(initiative, user):
    """The case's owner and the secretary send it to the case system."""
    return user.is_authenticated and (
        (user.role == Role.NEIGHBOURHOOD_MANAGER and initiative.owner_id == user.id)
        or user.role == Role.SECRETARY
    )


def build(initiative, can_edit, bound):
    if not is_on():
        return None
    return {
        "zaak": zaak_of(initiative),
        "may_push": may_push(initiative, current_user),
        "files": [attachment for attachment in initiative.attachments if attachment.has_content]
        if can_edit
        else [],
    }


ZGW_SECTION = CaseSection(
    name="zgw",
    title=_l("Case system"),
    template="zgw/_case_section.html",
    build=build,
)
