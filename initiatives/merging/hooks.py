"""How merging hooks into cases, which do not know it: its section of the case page."""

from initiatives.cases.case_page_sections import register_section
from initiatives.merging.case_section import MERGING_SECTION


def connect_to_cases():
    register_section(MERGING_SECTION)
