"""How the stakeholder map hooks into cases and barriers, which do not know it: its section of the
case page, its stance changes on the timeline, the case list's filters (the dashboard's links) and
the inside stakeholders a barrier may name."""

from initiatives.barriers.stakeholder_source import register_stakeholder_source
from initiatives.cases.case_page_sections import register_section
from initiatives.cases.profile import register_timeline_source
from initiatives.cases.queries import register_extra_filters
from initiatives.stakeholders.barrier_source import barrier_stakeholder_problem, inside_stakeholders
from initiatives.stakeholders.case_filters import CASE_LIST_FILTERS
from initiatives.stakeholders.case_section import STAKEHOLDERS_SECTION
from initiatives.stakeholders.timeline import stance_events


def connect_to_cases():
    register_section(STAKEHOLDERS_SECTION)
    register_timeline_source("stakeholders", stance_events)
    register_extra_filters("stakeholders", CASE_LIST_FILTERS)
    register_stakeholder_source(inside_stakeholders=inside_stakeholders, problem=barrier_stakeholder_problem)
