"""The status link's section of the case page, which cases ask for through their registry of
case page sections (`cases.case_page_sections`)."""

from flask_babel import lazy_gettext as _l

from initiatives.cases.case_page_sections import CaseSection
from initiatives.status_page import status_mails
from initiatives.status_page.forms import SCORE_LABELS
from initiatives.status_page.operations import current_link, link_secret, satisfaction_answer, status_url


def build(initiative, can_edit, bound):
    """What templates/status_page/_case_section.html shows: whether the case has a link (till
    when, and its address unless it was made before links kept their nonce), whether the status
    mails are on and to how many, the notice right after making a link, and the initiators'
    satisfaction answer (its comment is theirs: for the case's team only, as the contact details)."""
    if not can_edit:
        return {}
    link = current_link(initiative)
    answer = satisfaction_answer(initiative)
    secret = link_secret(link) if link else None
    return {
        "link": link,
        "url": status_url(secret) if secret else None,
        "made": bound.get("status_link_made"),
        "mails_on": status_mails.are_on(initiative),
        "mail_recipients": len(status_mails.recipients(initiative).receiving),
        "satisfaction": answer,
        "satisfaction_label": SCORE_LABELS[answer.score] if answer is not None else None,
    }


STATUS_LINK_SECTION = CaseSection(
    name="status-link",
    title=_l("Status link for initiators"),
    template="status_page/_case_section.html",
    build=build,
)
