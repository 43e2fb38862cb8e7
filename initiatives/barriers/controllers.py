"""Request handlers for barriers and helps on a case."""

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from initiatives.barriers import help_operations, operations
from initiatives.barriers.forms import (
    BarrierForm,
    BarrierStatusForm,
    HelpApplyForm,
    HelpDecisionForm,
    barrier_form,
    help_form,
)
from initiatives.barriers.lifecycle import Effect
from initiatives.barriers.models import Barrier, BarrierCategory, Help, HelpCategory
from initiatives.barriers.stakeholder_source import inside_stakeholders
from initiatives.cases.controllers import back_to_case, load_case_for_editing
from initiatives.cases.controllers.case_page import render_case
from initiatives.core.rules import StaleRecord
from initiatives.extensions import db
from initiatives.organisation.models import Department
from initiatives.organisation.operations import departments
from initiatives.vocabularies.operations import terms


def _back(initiative, message):
    return back_to_case(initiative, "barriers", message)


def _load(model, initiative, item_id):
    item = db.session.get(model, item_id)
    if item is None or item.initiative_id != initiative.id:
        abort(404)
    return item


def _department(department_id):
    return db.session.get(Department, department_id) if department_id else None


def _errors_of(form):
    return "; ".join(str(message) for messages in form.errors.values() for message in messages)


def _item_error(initiative, kind, item_id, message):
    return render_case(initiative, status=422, item_errors={(kind, item_id): [str(message)]})


def record_barrier(initiative_id):
    initiative = load_case_for_editing(initiative_id)
    form = barrier_form(initiative, request.form)
    if form.validate_on_submit():
        try:
            operations.record_barrier(
                initiative,
                current_user,
                category=db.session.get(BarrierCategory, form.category.data),
                description=form.description.data,
                department=_department(form.department.data),
                stage=form.stage.data,
                raised_on=form.raised_on.data,
                stakeholder_id=form.stakeholder.data,
            )
        except operations.BarrierError as error:
            getattr(form, error.field or "category").errors.append(str(error))
        else:
            return _back(initiative, _("The barrier has been recorded."))
    return render_case(initiative, status=422, barrier=form)


def edit_barrier(initiative_id, barrier_id):
    initiative = load_case_for_editing(initiative_id)
    barrier = _load(Barrier, initiative, barrier_id)
    form = BarrierForm(obj=barrier)
    # What is in use, and what the barrier has already (kept, though retired since).
    form.set_choices(
        [category for category in terms(BarrierCategory) if category.active or category is barrier.category],
        [department for department in departments() if department.active or department is barrier.department],
        inside_stakeholders(initiative),
    )
    if not form.is_submitted():
        form.category.data = barrier.category_id
        form.department.data = barrier.department_id or 0
        form.stakeholder.data = barrier.stakeholder_id
        form.stage.data = barrier.stage.value
    conflict = False
    if form.validate_on_submit():
        try:
            operations.update_barrier(
                barrier,
                current_user,
                form.version.data,
                category=db.session.get(BarrierCategory, form.category.data),
                description=form.description.data,
                department=_department(form.department.data),
                stage=form.stage.data,
                raised_on=form.raised_on.data,
                stakeholder_id=form.stakeholder.data,
            )
        except StaleRecord:
            conflict = True
            form.version.data = barrier.version
        except operations.BarrierError as error:
            getattr(form, error.field or "category").errors.append(str(error))
        else:
            return _back(initiative, _("The barrier has been saved."))
    status = 409 if conflict else (422 if form.errors else 200)
    return render_template(
        "barriers/edit.html", form=form, initiative=initiative, barrier=barrier, conflict=conflict
    ), status


STALE_MESSAGES = {
    "barrier": _l("Someone else changed this barrier. Check it and try again."),
    "help": _l("Someone else changed this help. Check it and try again."),
}


def _item_action(initiative, kind, item, form, action, done_message):
    """Run `action()` for a per-item form of the case page; errors show at that item."""
    if not form.validate_on_submit():
        return _item_error(initiative, kind, item.id, _errors_of(form))
    try:
        action()
    except StaleRecord:
        return _item_error(initiative, kind, item.id, STALE_MESSAGES[kind])
    except operations.BarrierError as error:
        return _item_error(initiative, kind, item.id, error)
    return _back(initiative, done_message)


def set_barrier_status(initiative_id, barrier_id):
    initiative = load_case_for_editing(initiative_id)
    barrier = _load(Barrier, initiative, barrier_id)
    form = BarrierStatusForm()
    return _item_action(
        initiative,
        "barrier",
        barrier,
        form,
        lambda: operations.update_barrier(
            barrier,
            current_user,
            form.version.data,
            status=form.status.data,
            resolved_on=form.resolved_on.data,
        ),
        _("The status of the barrier has been saved."),
    )


def request_help(initiative_id):
    initiative = load_case_for_editing(initiative_id)
    form = help_form(initiative, request.form)
    if form.validate_on_submit():
        try:
            help_operations.request_help(
                initiative,
                current_user,
                category=db.session.get(HelpCategory, form.category.data),
                provider=form.provider.data,
                description=form.description.data,
                department=_department(form.department.data),
                requested_on=form.requested_on.data,
                answer_due_on=form.answer_due_on.data,
                barriers=[db.session.get(Barrier, barrier_id) for barrier_id in form.barriers.data or []],
            )
        except operations.BarrierError as error:
            getattr(form, error.field or "category").errors.append(str(error))
        else:
            return _back(initiative, _("The request for help has been recorded."))
    return render_case(initiative, status=422, help_request=form)


def decide_help(initiative_id, help_id):
    initiative = load_case_for_editing(initiative_id)
    item = _load(Help, initiative, help_id)
    form = HelpDecisionForm()
    return _item_action(
        initiative,
        "help",
        item,
        form,
        lambda: help_operations.move_help(
            item,
            current_user,
            form.version.data,
            form.status.data,
            on=form.on.data,
            decided_by=form.decided_by.data,
        ),
        _("The decision has been recorded."),
    )


def apply_help(initiative_id, help_id):
    initiative = load_case_for_editing(initiative_id)
    item = _load(Help, initiative, help_id)
    form = HelpApplyForm()
    if not form.validate_on_submit():
        return _item_error(initiative, "help", item.id, _errors_of(form))
    effects = {}
    for effect in item.effects:
        value = request.form.get(f"effect_{effect.barrier_id}", "")  # none is preselected: one is chosen
        if value not in {member.value for member in Effect}:
            return _item_error(initiative, "help", item.id, _("Choose an effect for every barrier."))
        effects[effect.barrier_id] = Effect(value)
    try:
        help_operations.move_help(
            item, current_user, form.version.data, "applied", on=form.on.data, effects=effects
        )
    except StaleRecord:
        return _item_error(initiative, "help", item.id, STALE_MESSAGES["help"])
    except operations.BarrierError as error:
        return _item_error(initiative, "help", item.id, error)
    return _back(initiative, _("The help has been applied."))
