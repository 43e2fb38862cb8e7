"""How the status page hooks into the domains below it, which do not know it: its section of the
case page, and its satisfaction answers for the dashboard's figures."""

from initiatives.cases.case_page_sections import register_section
from initiatives.dashboard.satisfaction import register_scores
from initiatives.status_page.case_section import STATUS_LINK_SECTION
from initiatives.status_page.models import SatisfactionAnswer


def connect_to_cases():
    register_section(STATUS_LINK_SECTION)


def connect_to_dashboard():
    register_scores(SatisfactionAnswer.initiative_id, SatisfactionAnswer.score)
