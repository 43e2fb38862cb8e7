"""The case list's filters on the stakeholder map, which make the dashboard's stakeholder numbers
clickable; the case list applies them as extra filters (`cases.queries.register_extra_filters`).

They mean what the dashboard counts (`dashboard.stakeholder_figures`): a department was involved
as a blocker in a case when a barrier raised in the period (in the stage, if one is chosen) names
an inside stakeholder of it, or one of them took the stance 'against' in the period; as a helper
when one of them took the stance 'for' in the period. An outside organisation was involved when a
stance of one of its stakeholders was recorded in the period. Without `stakeholder_as` a
department was involved either way.
"""

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _

from initiatives.barriers.models import Barrier
from initiatives.cases.queries import ExtraFilters
from initiatives.cases.stages import Stage
from initiatives.core.dates import iso_day
from initiatives.core.parsing import whole_number
from initiatives.organisation.models import Department
from initiatives.stakeholders.kinds import Side, Stance
from initiatives.stakeholders.models import Stakeholder, StakeholderStance
from initiatives.stakeholders.operations import ORGANISATION_MAX_LENGTH

STAKEHOLDER_FILTERS = (
    "stakeholder_department",
    "stakeholder_as",
    "stakeholder_organisation",
    "stakeholder_stage",
    "involved_from",
    "involved_to",
)
BLOCKER = "blocker"
HELPER = "helper"


def parse(args):
    """Read the stakeholder filters from `args`; unusable values are left out."""
    department = args.get("stakeholder_department", "").strip()
    involved_as = args.get("stakeholder_as", "").strip()
    stage = args.get("stakeholder_stage", "").strip()
    return {
        "stakeholder_department": department if whole_number(department) is not None else "",
        "stakeholder_as": involved_as if involved_as in (BLOCKER, HELPER) else "",
        "stakeholder_organisation": args.get("stakeholder_organisation", "").strip()[
            :ORGANISATION_MAX_LENGTH
        ],
        "stakeholder_stage": stage if stage in {member.value for member in Stage} else "",
        "involved_from": iso_day(args.get("involved_from", "")),
        "involved_to": iso_day(args.get("involved_to", "")),
    }


def _recorded(filters, initiative_id, *stances):
    """A stance of `stances` recorded in the period by a stakeholder of the case."""
    conditions = [
        Stakeholder.initiative_id == initiative_id,
        StakeholderStance.stakeholder_id == Stakeholder.id,
        StakeholderStance.stance.in_(stances),
    ]
    if filters.involved_from:
        conditions.append(StakeholderStance.recorded_on >= filters.involved_from)
    if filters.involved_to:
        conditions.append(StakeholderStance.recorded_on <= filters.involved_to)
    return conditions


def _named_by_barrier(filters, initiative_id, department_id):
    """A barrier of the case raised in the period (and stage) naming an inside stakeholder of
    `department_id`."""
    conditions = [
        Barrier.initiative_id == initiative_id,
        Stakeholder.id == Barrier.stakeholder_id,
        Stakeholder.side == Side.INSIDE,
        Stakeholder.department_id == department_id,
    ]
    if filters.stakeholder_stage:
        conditions.append(Barrier.stage == filters.stakeholder_stage)
    if filters.involved_from:
        conditions.append(Barrier.raised_on >= filters.involved_from)
    if filters.involved_to:
        conditions.append(Barrier.raised_on <= filters.involved_to)
    return sa.exists().where(*conditions)


def _department_conditions(filters, initiative_id):
    department_id = int(filters.stakeholder_department)
    inside = [Stakeholder.side == Side.INSIDE, Stakeholder.department_id == department_id]
    blocker = sa.or_(
        _named_by_barrier(filters, initiative_id, department_id),
        sa.exists().where(*_recorded(filters, initiative_id, Stance.AGAINST), *inside),
    )
    helper = sa.exists().where(*_recorded(filters, initiative_id, Stance.FOR), *inside)
    if filters.stakeholder_as == BLOCKER:
        return [blocker]
    if filters.stakeholder_as == HELPER:
        return [helper]
    return [sa.or_(blocker, helper)]


def case_conditions(filters, initiative_id):
    """EXISTS conditions on the case (`initiative_id`) for the stakeholder filters."""
    conditions = []
    if filters.stakeholder_department:
        conditions += _department_conditions(filters, initiative_id)
    if filters.stakeholder_organisation:
        conditions.append(
            sa.exists().where(
                *_recorded(filters, initiative_id, *Stance),
                Stakeholder.side == Side.OUTSIDE,
                Stakeholder.organisation == filters.stakeholder_organisation,
            )
        )
    return conditions


def _period(start, end):
    if start and end:
        return _("from %(start)s to %(end)s", start=format_date(start), end=format_date(end))
    if start:
        return _("on or after %(start)s", start=format_date(start))
    return _("on or before %(end)s", end=format_date(end)) if end else None


def describe(session, filters):
    """The active stakeholder filters as a readable sentence, for above the case list."""
    details = []
    if filters.stakeholder_department:
        department = session.get(Department, int(filters.stakeholder_department))
        name = department.name if department else "?"
        if filters.stakeholder_as == BLOCKER:
            details.append(_("%(department)s as a blocker", department=name))
        elif filters.stakeholder_as == HELPER:
            details.append(_("%(department)s as a helper", department=name))
        else:
            details.append(name)
    if filters.stakeholder_organisation:
        details.append(
            _("the organisation “%(organisation)s”", organisation=filters.stakeholder_organisation)
        )
    if not details:
        return ""
    if filters.stakeholder_stage:
        details.append(
            _("barriers met in the stage “%(stage)s”", stage=Stage(filters.stakeholder_stage).title)
        )
    period = _period(filters.involved_from, filters.involved_to)
    if period:
        details.append(period)
    return _("Only initiatives with, on the stakeholder map: %(details)s.", details=", ".join(details))


CASE_LIST_FILTERS = ExtraFilters(
    names=STAKEHOLDER_FILTERS,
    parse=parse,
    conditions=case_conditions,
    describe=describe,
)
