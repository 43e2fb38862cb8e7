"""How the stakeholder map hooks into cases, which do not know it: its section of the case page and
its stance changes on the timeline."""

from initiatives.cases.case_page_sections import register_section
from initiatives.cases.profile import register_timeline_source
from initiatives.stakeholders.case_section import STAKEHOLDERS_SECTION
from initiatives.stakeholders.timeline import stance_events


def connect_to_cases():
    register_section(STAKEHOLDERS_SECTION)
    register_timeline_source("stakeholders", stance_events)
