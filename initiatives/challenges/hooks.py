"""How the right to challenge hooks into cases, which do not know it: its section of the case page,
its `challenge` object in the API's case, its steps on the timeline and the case list's filters
(the dashboard's links)."""

from initiatives.cases.case_page_sections import register_section
from initiatives.cases.kind_details import register_kind_details
from initiatives.cases.profile import register_timeline_source
from initiatives.cases.queries import register_extra_filters
from initiatives.challenges.case_filters import CASE_LIST_FILTERS
from initiatives.challenges.case_section import CHALLENGE_SECTION
from initiatives.challenges.timeline import challenge_events


def _challenge_details(initiative):
    from initiatives.challenges.schemas import challenge_details

    return challenge_details(initiative)


def connect_to_cases():
    register_section(CHALLENGE_SECTION)
    register_kind_details("challenge", _challenge_details)
    register_timeline_source("challenges", challenge_events)
    register_extra_filters("challenges", CASE_LIST_FILTERS)
