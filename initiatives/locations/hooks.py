"""How the map hooks into cases, which do not know it: its section of the case page."""

from initiatives.cases.case_page_sections import register_section
from initiatives.locations.case_section import LOCATION_SECTION


def connect_to_cases():
    register_section(LOCATION_SECTION)
