"""The barriers and helps section of the case page, which cases ask for through their registry of
case page sections (`cases.case_page_sections`)."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from initiatives.barriers.forms import barrier_form, help_form
from initiatives.barriers.lifecycle import BarrierStatus, Effect
from initiatives.barriers.models import Barrier, Help
from initiatives.barriers.stakeholder_source import inside_stakeholders
from initiatives.cases.case_page_sections import CaseSection
from initiatives.cases.models import Initiative
from initiatives.cases.stages import Stage
from initiatives.extensions import db


def build(initiative, can_edit, bound):
    """What templates/barriers/_case_section.html shows: the choices of the per-record forms, and
    for editors the forms to record a barrier and ask for help (`bound`'s when they failed), and the
    labels of the stakeholders the barriers came from, as the reader may see them."""
    _load_barriers_and_helps(initiative)
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


def _load_barriers_and_helps(initiative):
    """Load the case's barriers and helps with what the section and the timeline show of them, in
    a query per kind of record rather than one per barrier, help and effect."""
    db.session.scalars(
        sa.select(Initiative)
        .where(Initiative.id == initiative.id)
        .options(
            selectinload(Initiative.barriers).options(
                selectinload(Barrier.category),
                selectinload(Barrier.department),
                selectinload(Barrier.effects),
            ),
            selectinload(Initiative.helps).options(
                selectinload(Help.category),
                selectinload(Help.effects),
            ),
        )
    ).one()


BARRIERS_SECTION = CaseSection(
    name="barriers",
    title=_l("Barriers and help"),
    template="barriers/_case_section.html",
    build=build,
)
