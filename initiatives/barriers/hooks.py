"""How barriers hook into cases, which do not know them: a receiver of the case's signals, the
case page's section, the timeline's events and the case list's filters. `create_app` connects
them once per app; connecting again changes nothing.
"""

from initiatives.barriers.case_filters import CASE_LIST_FILTERS
from initiatives.barriers.case_section import BARRIERS_SECTION
from initiatives.barriers.operations import follow_case_to_neighbourhood
from initiatives.barriers.timeline import barrier_and_help_events
from initiatives.cases.case_page_sections import register_section
from initiatives.cases.profile import register_timeline_source
from initiatives.cases.queries import register_extra_filters
from initiatives.cases.signals import neighbourhood_changed


def connect_to_cases():
    neighbourhood_changed.connect(follow_case_to_neighbourhood)
    register_section(BARRIERS_SECTION)
    register_timeline_source("barriers", barrier_and_help_events)
    register_extra_filters("barriers", CASE_LIST_FILTERS)
