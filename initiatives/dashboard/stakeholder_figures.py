"""The stakeholder map on the dashboard: per department, in how many cases it was involved as a
blocker (a barrier raised in the period names an inside stakeholder of the department, or one of
them took the stance 'against' in the period) and as a helper (the stance 'for' in the period); and
the outside organisations in the most cases (a stance recorded in the period). Counts of cases
only: never a person's name.

A stance counts when it was recorded in the period (its history, `StakeholderStance`), so a
department against early and for later counts as both. The area, theme and whether the case
counts select as for the barriers; the department filter selects the department; the stage
describes barriers, so it selects only the barriers that name a stakeholder.
"""

import sqlalchemy as sa
from flask_babel import gettext as _

from initiatives.barriers.models import Barrier
from initiatives.core.sql import not_indexed, rarely
from initiatives.dashboard.figures import (
    DepartmentInvolvement,
    KindTally,
    OrganisationTally,
    StakeholderFigures,
)
from initiatives.organisation.models import Department
from initiatives.stakeholders.kinds import OrganisationKind, Side, Stance
from initiatives.stakeholders.models import Stakeholder, StakeholderStance

#: How many outside organisations the dashboard lists, most cases first.
TOP_ORGANISATIONS = 10


def _stances(selection, *stances):
    """(case id, stakeholder) of stances `stances` recorded in the period, of counted cases."""
    conditions = [
        StakeholderStance.stance.in_(stances),
        # Not along the lists of the area's or theme's cases (SQLite would look up each of them):
        # the stakeholders are read, and their case looked up in those lists.
        *selection.of_cases(not_indexed(Stakeholder.initiative_id)),
    ]
    if selection.filters.start:
        conditions.append(StakeholderStance.recorded_on >= selection.filters.start)
    if selection.filters.end:
        conditions.append(StakeholderStance.recorded_on <= selection.filters.end)
    return (
        sa.select(Stakeholder.initiative_id, Stakeholder.department_id)
        .join(StakeholderStance, StakeholderStance.stakeholder_id == Stakeholder.id)
        .where(*conditions)
    )


def _inside(query, selection):
    query = query.where(Stakeholder.side == Side.INSIDE)
    if selection.filters.department is not None:
        query = query.where(Stakeholder.department_id == selection.filters.department.id)
    return query


def stakeholder_counts(session, selection):
    """Rows (kind, key, cases): kind 'blocker' and 'helper' per department id, 'outside' (key None)
    the cases with any outside stakeholder, 'organisation_kind' per kind of organisation (key None:
    not given), 'organisation' per outside organisation (the most first, at most TOP_ORGANISATIONS)."""
    named = _inside(
        sa.select(Stakeholder.initiative_id, Stakeholder.department_id)
        .join(Barrier, Barrier.stakeholder_id == Stakeholder.id)
        # Along the index of the few barriers that name a stakeholder: SQLite would otherwise
        # read every selected barrier, or those of the theme's cases (a million cases: seconds).
        .where(
            *selection.barriers(department=False, theme=False),
            *selection.theme(not_indexed(Barrier.initiative_id)),
            rarely(Barrier.stakeholder_id.is_not(None)),
        ),
        selection,
    )
    blockers = sa.union(named, _inside(_stances(selection, Stance.AGAINST), selection)).subquery()
    helpers = _inside(_stances(selection, Stance.FOR), selection).distinct().subquery()
    rows = []
    for kind, pairs in (("blocker", blockers), ("helper", helpers)):
        rows += [
            (kind, department_id, int(cases))
            for department_id, cases in session.execute(
                sa.select(pairs.c.department_id, sa.func.count()).group_by(pairs.c.department_id)
            )
        ]
    organisations = (
        _stances(selection, *Stance)
        .with_only_columns(Stakeholder.initiative_id, Stakeholder.organisation)
        .where(Stakeholder.side == Side.OUTSIDE, Stakeholder.organisation != "")
        .distinct()
        .subquery()
    )
    outside = (
        _stances(selection, *Stance)
        .with_only_columns(Stakeholder.initiative_id)
        .where(Stakeholder.side == Side.OUTSIDE)
        .distinct()
        .subquery()
    )
    rows.append(("outside", None, int(session.scalar(sa.select(sa.func.count()).select_from(outside)))))
    kinds = (
        _stances(selection, *Stance)
        .with_only_columns(Stakeholder.initiative_id, Stakeholder.organisation_kind)
        .where(Stakeholder.side == Side.OUTSIDE)
        .distinct()
        .subquery()
    )
    rows += [
        ("organisation_kind", None if kind is None else str(kind), int(count))
        for kind, count in session.execute(
            sa.select(kinds.c.organisation_kind, sa.func.count()).group_by(kinds.c.organisation_kind)
        )
    ]
    cases = sa.func.count().label("cases")
    rows += [
        ("organisation", organisation, int(count))
        for organisation, count in session.execute(
            sa.select(organisations.c.organisation, cases)
            .group_by(organisations.c.organisation)
            .order_by(cases.desc(), organisations.c.organisation)
            .limit(TOP_ORGANISATIONS)
        )
    ]
    return rows


def stakeholder_figures(session, rows):
    """Per department its blocker and helper cases (most involved first), and the organisations."""
    counts = {}
    for kind, key, cases in rows:
        counts.setdefault(kind, {})[key] = cases
    blockers, helpers = counts.get("blocker", {}), counts.get("helper", {})
    involved = set(blockers) | set(helpers)
    departments = session.scalars(sa.select(Department).where(Department.id.in_(involved))).all()
    by_department = [
        DepartmentInvolvement(
            department.id, department.name, blockers.get(department.id, 0), helpers.get(department.id, 0)
        )
        for department in departments
    ]
    by_department.sort(key=lambda row: (-(row.blocker + row.helper), row.label))
    organisations = [
        OrganisationTally(organisation, cases)
        for organisation, cases in counts.get("organisation", {}).items()
    ]
    by_kind = counts.get("organisation_kind", {})
    return StakeholderFigures(
        by_department=by_department,
        organisations=organisations,
        by_kind=[
            KindTally(key, OrganisationKind(key).title if key else _("kind not given"), by_kind[key])
            for key in [*(kind.value for kind in OrganisationKind), None]
            if by_kind.get(key)
        ],
        outside_cases=counts.get("outside", {}).get(None, 0),
    )
