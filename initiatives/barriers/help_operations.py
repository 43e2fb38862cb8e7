"""Business rules for helps: asking for one, deciding on it, applying it, changing it.

Applying a help with effect `resolved` resolves that barrier on the day the help was applied.
Every change is audited on the case; operations flush, the request commits.
"""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from initiatives.audit.operations import record, redact, redacted_changes
from initiatives.barriers.lifecycle import (
    BarrierStatus,
    Effect,
    HelpMoveError,
    HelpStatus,
    Provider,
    check_help_move,
)
from initiatives.barriers.models import Barrier, Help, HelpEffect
from initiatives.barriers.operations import (
    BarrierError,
    barrier_snapshot,
    categorise_effects,
    check_category,
    check_in_use,
    check_work_date,
    set_barrier_status,
)
from initiatives.barriers.signals import help_decided
from initiatives.core.dates import local_today, work_date_problem
from initiatives.core.rules import RuleConflict, flush_as_loaded, require_version
from initiatives.extensions import db


class HelpMoveRefused(BarrierError, RuleConflict):
    """A move of a help that its lifecycle does not have, such as granting a refused help."""

    title = _l("This status change is not possible")


def help_snapshot(item):
    return {
        "category": item.category.code if item.category else None,
        "description": item.description,
        "provider": str(item.provider) if item.provider else None,
        "department": item.department.name if item.department else None,
        "status": str(item.status) if item.status else None,
        "requested_on": item.requested_on.isoformat() if item.requested_on else None,
        "decided_on": item.decided_on.isoformat() if item.decided_on else None,
        "decided_by": item.decided_by,
        "applied_on": item.applied_on.isoformat() if item.applied_on else None,
        "answer_due_on": item.answer_due_on.isoformat() if item.answer_due_on else None,
        "effects": {
            str(effect.barrier_id): str(effect.effect) if effect.effect else None for effect in item.effects
        },
    }


def _effects_on(barriers, help_category):
    """{barrier id: a new link of a help to that barrier}, each with both their categories
    (`HelpEffect`). The barriers' rows are locked (on PostgreSQL; SQLite writes one at a time) and
    each category is read in the INSERT itself, so a change of category meanwhile
    (`operations.update_barrier`) is not missed."""
    if not barriers:
        return {}
    with db.session.no_autoflush:  # a pending edit of the help is flushed once, with the rest
        db.session.execute(
            sa.select(Barrier.id)
            .where(Barrier.id.in_([barrier.id for barrier in barriers]))
            .with_for_update()
        )
    return {
        barrier.id: HelpEffect(
            barrier=barrier,
            barrier_category_id=sa.select(Barrier.category_id)
            .where(Barrier.id == barrier.id)
            .scalar_subquery(),
            help_category_id=help_category.id,
        )
        for barrier in barriers
    }


def _check_barriers_of_case(initiative, barriers):
    for barrier in barriers:
        if barrier.initiative_id != initiative.id:
            raise BarrierError(_("A help can only address barriers of the same case."), field="barriers")


def _check_department(provider, department):
    """A help has a department exactly when a department provides it: one is never dropped unseen."""
    if provider == Provider.DEPARTMENT and department is None:
        raise BarrierError(_("Choose the department that provides the help."), field="department")
    if provider != Provider.DEPARTMENT and department is not None:
        raise BarrierError(
            _(
                "A department is kept only when it provides the help: choose “a department” as who "
                "provides or decides, or no department."
            ),
            field="department",
        )


def _check_answer_due_on(answer_due_on, requested_on):
    if answer_due_on is None:
        return
    problem = work_date_problem(answer_due_on)  # ahead is fine: it is a day to come
    if problem is not None:
        raise BarrierError(str(problem), field="answer_due_on")
    if answer_due_on < requested_on:
        raise BarrierError(_("An answer cannot be due before the help was asked for."), field="answer_due_on")


def request_help(
    initiative,
    actor,
    *,
    category,
    provider,
    description="",
    department=None,
    requested_on=None,
    barriers=(),
    answer_due_on=None,
):
    """Record that a help was asked for, addressing some of the case's barriers; `answer_due_on`,
    the day an answer is due, if one was agreed."""
    check_category(category)
    check_in_use(category, "category")
    check_in_use(department, "department")
    provider = Provider(provider)
    _check_department(provider, department)
    requested_on = requested_on or local_today()
    check_work_date(requested_on, "requested_on")
    _check_answer_due_on(answer_due_on, requested_on)
    _check_barriers_of_case(initiative, barriers)
    item = Help(
        initiative=initiative,
        category=category,
        provider=provider,
        department=department,
        description=(description or "").strip(),
        status=HelpStatus.REQUESTED,
        requested_on=requested_on,
        requested_by=actor,
        answer_due_on=answer_due_on,
        effects=list(_effects_on(barriers, category).values()),
    )
    db.session.add(item)
    db.session.flush()
    record(
        "help.requested",
        item,
        actor=actor,
        summary=f"help {category.code} requested on case {initiative.id}",
        data=redact(help_snapshot(item)),
        initiative=initiative,
    )
    return item


def move_help(item, actor, expected_version, status, *, on=None, decided_by="", effects=None):
    """Move a help along requested -> granted | refused -> applied.

    Deciding records the day and who decided; applying records the day and, per barrier it
    addressed, its effect. A `resolved` effect resolves the barrier on the day of applying.
    """
    require_version(item, expected_version)
    target = HelpStatus(status)
    try:
        check_help_move(HelpStatus(item.status), target)
    except HelpMoveError as error:
        raise HelpMoveRefused(str(error), field="status") from None
    on = on or local_today()
    check_work_date(on, "on")
    before = help_snapshot(item)
    # Status and dates change together (CHECK constraints tie them): no flush in between.
    with db.session.no_autoflush:
        if target in {HelpStatus.GRANTED, HelpStatus.REFUSED}:
            if on < item.requested_on:
                raise BarrierError(_("A help cannot be decided on before it was requested."), field="on")
            if not (decided_by or "").strip():
                raise BarrierError(
                    _("Say who decided, for example the alderman or a manager."), field="decided_by"
                )
            item.decided_on = on
            item.decided_by = decided_by.strip()
        else:  # applied
            if on < item.decided_on:
                raise BarrierError(_("A help cannot be applied before it was granted."), field="on")
            item.applied_on = on
        item.status = target
    if target == HelpStatus.APPLIED:
        _apply_effects(item, effects or {}, on)
    flush_as_loaded(item)
    record(
        f"help.{target}",
        item,
        actor=actor,
        summary=f"help {item.id} on case {item.initiative_id} {target}",
        data=redacted_changes(before, help_snapshot(item)),
        initiative=item.initiative,
    )
    if target in {HelpStatus.GRANTED, HelpStatus.REFUSED}:
        help_decided.send(item, actor=actor)
    return item


def _apply_effects(item, effects, applied_on):
    """Set the effect per addressed barrier ({barrier_id: Effect}); resolve the resolved ones."""
    by_barrier = {effect.barrier_id: effect for effect in item.effects}
    unknown = set(effects) - set(by_barrier)
    if unknown:
        raise BarrierError(_("A help can only have an effect on the barriers it addressed."), field="effects")
    for barrier_id, effect in by_barrier.items():
        effect.effect = Effect(effects.get(barrier_id, Effect.NONE))
        barrier = effect.barrier
        if effect.effect == Effect.RESOLVED and barrier.status == BarrierStatus.OPEN:
            before = barrier_snapshot(barrier)
            set_barrier_status(barrier, BarrierStatus.RESOLVED, max(applied_on, barrier.raised_on))
            record(
                "barrier.updated",
                barrier,
                summary=f"barrier {barrier.id} resolved by help {item.id}",
                data=redacted_changes(before, barrier_snapshot(barrier)),
                initiative=item.initiative,
            )


def update_help(item, actor, expected_version, **fields):
    """Change a help's description, category, provider, answer's due day or the barriers it
    addresses (not its status)."""
    require_version(item, expected_version)
    before = help_snapshot(item)
    if "answer_due_on" in fields:
        _check_answer_due_on(fields["answer_due_on"], item.requested_on)
        item.answer_due_on = fields["answer_due_on"]
    if "category" in fields:
        check_category(fields["category"])
        check_in_use(fields["category"], "category", item.category)
        item.category = fields["category"]
    if "description" in fields:
        item.description = (fields["description"] or "").strip()
    if "provider" in fields:
        item.provider = Provider(fields["provider"])
    if "department" in fields:
        check_in_use(fields["department"], "department", item.department)
        item.department = fields["department"]
    if "department" in fields:  # sent with the provider it must fit
        _check_department(item.provider, fields["department"])
    elif item.provider == Provider.DEPARTMENT:
        _check_department(item.provider, item.department)
    else:
        item.department = None  # the provider is no longer a department: its department goes with it
    if "barriers" in fields:
        barriers = list(fields["barriers"])
        _check_barriers_of_case(item.initiative, barriers)
        kept = {effect.barrier_id: effect for effect in item.effects}
        made = _effects_on([barrier for barrier in barriers if barrier.id not in kept], item.category)
        item.effects = [kept.get(barrier.id) or made[barrier.id] for barrier in barriers]
        if {barrier.id for barrier in barriers} != set(kept):
            # Effects are rows of their own: raise the help's version by hand (once, in the flush).
            item.version = item.version + 1
    changed = redacted_changes(before, help_snapshot(item))
    if changed:
        flush_as_loaded(item)
        if "category" in changed:
            categorise_effects(HelpEffect.help_id == item.id, help_category_id=item.category_id)
        record(
            "help.updated",
            item,
            actor=actor,
            summary=f"help {item.id} on case {item.initiative_id} updated",
            data=changed,
            initiative=item.initiative,
        )
    return item
