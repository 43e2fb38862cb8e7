"""How the status page hooks into cases, which do not know it: its section of the case page."""

from initiatives.cases.case_page_sections import register_section
from initiatives.status_page.case_section import STATUS_LINK_SECTION


def connect_to_cases():
    register_section(STATUS_LINK_SECTION)
