"""The status link's section of the case page, which cases ask for through their registry of
case page sections (`cases.case_page_sections`)."""

from flask_babel import lazy_gettext as _l

from initiatives.cases.case_page_sections import CaseSection
from initiatives.status_page.forms import SCORE_LABELS
from initiatives.status_page.operations import current_link, satisfaction_answer


def build(initiative, can_edit, bound):
    """What templates/status_page/_case_section.html shows: whether the case has a link (and till
    when), right after making one its address, once, and the initiators' satisfaction answer (its
    comment is theirs: for the case's team only, as the contact details)."""
    if not can_edit:
        return {}
    answer = satisfaction_answer(initiative)
    return {
        "link": current_link(initiative),
        "made": bound.get("status_link_made"),
        "satisfaction": answer,
        "satisfaction_label": SCORE_LABELS[answer.score] if answer is not None else None,
    }


STATUS_LINK_SECTION = CaseSection(
    name="status-link",
    title=_l("Status link for initiators"),
    template="status_page/_case_section.html",
    build=build,
)
