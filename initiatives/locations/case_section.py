"""The location's section of the case page (`cases.case_page_sections`): the point on a small map
and in numbers, and for those who may edit the case a link to set it."""

from flask_babel import lazy_gettext as _l

from initiatives.cases.case_page_sections import CaseSection
from initiatives.locations.map_settings import map_settings


def build(initiative, can_edit, bound):
    return {"location": initiative.location, "settings": map_settings()}


LOCATION_SECTION = CaseSection(
    name="location",
    title=_l("Location"),
    template="locations/_case_section.html",
    build=build,
)
