"""Business rules for barriers: recording them, changing them, following their case's neighbourhood.

Also the checks barriers and helps share (`BarrierError`, dates, categories, departments), which
`help_operations` uses. Every change is audited on the case; operations flush, the request commits.
"""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from initiatives.audit.operations import record, redact, redacted_changes
from initiatives.barriers.lifecycle import BarrierStatus
from initiatives.barriers.models import Barrier, HelpEffect
from initiatives.barriers.stakeholder_source import stakeholder_problem
from initiatives.cases.models import Initiative
from initiatives.cases.stages import Stage
from initiatives.core.dates import local_today, work_date_problem
from initiatives.core.rules import RuleError, flush_as_loaded, require_version
from initiatives.extensions import db


class BarrierError(RuleError):
    """A change to a barrier or help that the rules refuse."""


def check_work_date(day, field):
    """Refuse a date in the future, or outside the years of a case's work (a mistyped year)."""
    problem = work_date_problem(day) if day is not None else None
    if problem is not None:
        raise BarrierError(problem, field=field)
    if day is not None and day > local_today():
        raise BarrierError(_("A date cannot be in the future."), field=field)


def check_category(category, field="category"):
    if category is None:
        raise BarrierError(_("Choose a category."), field=field)


#: Why a category or department no longer in use is not chosen, by the field that chooses it.
NOT_IN_USE = {
    "category": _l("This category has been retired; choose another."),
    "department": _l("This department is no longer active; choose another."),
}


def check_in_use(row, field, current=None):
    """Refuse a retired category or an inactive department unless the record has it already: what
    is no longer in use keeps its history, but is not chosen anew (the forms do not offer it)."""
    if row is not None and not row.active and row is not current:
        raise BarrierError(NOT_IN_USE[field], field=field)


def check_stakeholder(initiative, stakeholder_id, current=None):
    """Refuse a stakeholder that is not one of the case's inside ones (`stakeholder_source`), unless
    the barrier names it already."""
    if stakeholder_id == current:
        return
    problem = stakeholder_problem(initiative, stakeholder_id)
    if problem is not None:
        raise BarrierError(problem, field="stakeholder")


def barrier_snapshot(barrier):
    return {
        "category": barrier.category.code if barrier.category else None,
        "description": barrier.description,
        "department": barrier.department.name if barrier.department else None,
        "stage": str(barrier.stage) if barrier.stage else None,
        "raised_on": barrier.raised_on.isoformat() if barrier.raised_on else None,
        "status": str(barrier.status) if barrier.status else None,
        "resolved_on": barrier.resolved_on.isoformat() if barrier.resolved_on else None,
        "stakeholder_id": barrier.stakeholder_id,
    }


def _case_neighbourhood(initiative):
    """The case's neighbourhood for a new barrier, as read when the barrier is written: moving a
    case (`cases.operations.update_case`) and recording a barrier on it wait for each other (the
    case's row is locked on PostgreSQL; SQLite writes one at a time), so it is never the old one."""
    with db.session.no_autoflush:
        db.session.execute(sa.select(Initiative.id).where(Initiative.id == initiative.id).with_for_update())
    return sa.select(Initiative.neighbourhood_id).where(Initiative.id == initiative.id).scalar_subquery()


def record_barrier(
    initiative,
    actor,
    *,
    category,
    description="",
    department=None,
    stage=None,
    raised_on=None,
    stakeholder_id=None,
):
    """Record a barrier the case hit; the stage defaults to the case's current stage, and it may
    name the inside stakeholder of the case it came from."""
    check_category(category)
    check_in_use(category, "category")
    check_in_use(department, "department")
    check_stakeholder(initiative, stakeholder_id)
    raised_on = raised_on or local_today()
    check_work_date(raised_on, "raised_on")
    if stage is None:
        stage = (
            initiative.stage if initiative.stage != Stage.CLOSED else initiative.stage_changes[-1].from_stage
        )
    barrier = Barrier(
        initiative=initiative,
        neighbourhood_id=_case_neighbourhood(initiative),
        category=category,
        description=(description or "").strip(),
        department=department,
        stage=Stage(stage),
        raised_on=raised_on,
        status=BarrierStatus.OPEN,
        stakeholder_id=stakeholder_id,
        created_by=actor,
    )
    db.session.add(barrier)
    db.session.flush()
    record(
        "barrier.recorded",
        barrier,
        actor=actor,
        summary=f"barrier {category.code} on case {initiative.id}",
        data=redact(barrier_snapshot(barrier)),
        initiative=initiative,
    )
    return barrier


def set_barrier_status(barrier, status, resolved_on=None):
    status = BarrierStatus(status)
    if status == BarrierStatus.OPEN:
        barrier.resolved_on = None
    else:
        resolved_on = resolved_on or barrier.resolved_on or local_today()
        if resolved_on < barrier.raised_on:
            raise BarrierError(_("A barrier cannot be resolved before it was raised."), field="resolved_on")
        barrier.resolved_on = resolved_on
    barrier.status = status


def update_barrier(barrier, actor, expected_version, **fields):
    """Change a barrier's fields or status (open, resolved, accepted)."""
    require_version(barrier, expected_version)
    before = barrier_snapshot(barrier)
    if "category" in fields:
        check_category(fields["category"])
        check_in_use(fields["category"], "category", barrier.category)
        barrier.category = fields["category"]
    if "description" in fields:
        barrier.description = (fields["description"] or "").strip()
    if "department" in fields:
        check_in_use(fields["department"], "department", barrier.department)
        barrier.department = fields["department"]
    if "stakeholder_id" in fields:
        check_stakeholder(barrier.initiative, fields["stakeholder_id"], barrier.stakeholder_id)
        barrier.stakeholder_id = fields["stakeholder_id"]
    if "stage" in fields:
        barrier.stage = Stage(fields["stage"])
    if "raised_on" in fields:
        check_work_date(fields["raised_on"], "raised_on")
        barrier.raised_on = fields["raised_on"]
    if "status" in fields or "resolved_on" in fields:
        check_work_date(fields.get("resolved_on"), "resolved_on")
        set_barrier_status(barrier, fields.get("status", barrier.status), fields.get("resolved_on"))
    changed = redacted_changes(before, barrier_snapshot(barrier))
    if changed:
        flush_as_loaded(barrier)
        if "category" in changed:
            categorise_effects(HelpEffect.barrier_id == barrier.id, barrier_category_id=barrier.category_id)
        record(
            "barrier.updated",
            barrier,
            actor=actor,
            summary=f"barrier {barrier.id} on case {barrier.initiative_id} updated",
            data=changed,
            initiative=barrier.initiative,
        )
    return barrier


def categorise_effects(condition, **categories):
    """Give the effects matching `condition` the `categories` (barrier_category_id or
    help_category_id) that they carry for the dashboard (`HelpEffect`). One UPDATE after the
    barrier's or help's own, so that it reaches an effect made meanwhile
    (`help_operations._effects_on` waits)."""
    db.session.execute(
        sa.update(HelpEffect)
        .where(condition)
        .values(**categories)
        .execution_options(synchronize_session="fetch")
    )


def follow_case_to_neighbourhood(initiative):
    """Barriers keep their case's neighbourhood (`Barrier.neighbourhood_id`) for the dashboard;
    the receiver of `cases.signals.neighbourhood_changed`.

    One UPDATE by the case, in the case's transaction after its own: it reaches a barrier recorded
    meanwhile (`record_barrier` waits for the case), and leaves the barriers' versions alone: their
    open forms are still current.
    """
    db.session.execute(
        sa.update(Barrier)
        .where(Barrier.initiative_id == initiative.id)
        .values(neighbourhood_id=initiative.neighbourhood_id)
        .execution_options(synchronize_session="fetch")
    )
