"""The barriers and helps section of the case page, which cases ask for through their registry of
case page sections (`cases.case_page_sections`)."""

from flask_babel import lazy_gettext as _l

from initiatives.barriers.forms import barrier_form, help_form
from initiatives.barriers.lifecycle import BarrierStatus, Effect
from initiatives.barriers.stakeholder_source import inside_stakeholders
from initiatives.cases.case_page_sections import CaseSection
from initiatives.cases.stages import Stage


def build(initiative, can_edit, bound):
    """What templates/barriers/_case_section.html shows: the choices of the per-record forms, and
    for editors the forms to record a barrier and ask for help (`bound`'s when they failed), and the
    labels of the stakeholders the barriers came from, as the reader may see them."""
    data = {
        "barrier_statuses": list(BarrierStatus),
        "effects": list(Effect),
        "stakeholders": inside_stakeholders(initiative) if initiative.barriers else {},
    }
    if can_edit:
        barrier = bound.get("barrier") or barrier_form(initiative)
        if "barrier" not in bound:
            current = Stage(initiative.stage)
            barrier.stage.data = (current if current != Stage.CLOSED else Stage.MAPPING).value
        data["forms"] = {
            "barrier": barrier,
            "help_request": bound.get("help_request") or help_form(initiative),
        }
    return data


BARRIERS_SECTION = CaseSection(
    name="barriers",
    title=_l("Barriers and help"),
    template="barriers/_case_section.html",
    build=build,
)
