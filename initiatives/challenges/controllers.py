"""Request handlers of a challenge: its forms on the case page (for those who may edit the case)
and the admin's page of tasks and the decision term."""

from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from initiatives.cases.controllers import back_to_case, load_case_for_editing
from initiatives.cases.controllers.case_page import render_case
from initiatives.challenges import deadlines, operations
from initiatives.challenges.forms import (
    AgreementForm,
    DeadlineForm,
    DecisionForm,
    EvaluationForm,
    InadmissibleForm,
    ProposalForm,
    TaskEditForm,
    TaskForm,
    TermForm,
    prefix_of,
)
from initiatives.challenges.models import ChallengeTask
from initiatives.core.rules import RuleConflict, StaleRecord, require_version
from initiatives.extensions import db

SECTION = "challenge"
DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y")


def _refused(form, error, fallback):
    (getattr(form, error.field or "", None) or getattr(form, fallback)).errors.append(str(error))


def _handle(initiative_id, form, bound_name, fallback, act, message):
    """Validate `form`, run `act(initiative, form)`; back to the case's section or the page with
    the form's errors (a stale version or a refused rule shown at the form)."""
    initiative = load_case_for_editing(initiative_id)
    if form.validate_on_submit():
        try:
            act(initiative, form)
        except StaleRecord:
            getattr(form, fallback).errors.append(
                _("A colleague changed this challenge in the meantime. Check it and save again.")
            )
        except (operations.ChallengeError, RuleConflict) as error:
            _refused(form, error, fallback)
        else:
            return back_to_case(initiative, SECTION, message)
    return render_case(initiative, status=409 if form.errors.get("version") else 422, **{bound_name: form})


def save_proposal(initiative_id):
    form = ProposalForm(prefix=prefix_of(ProposalForm))
    form.set_choices(request.form.get("challenge-proposal-task", type=int))

    def act(initiative, form):
        task = db.session.get(ChallengeTask, form.task.data) if form.task.data else None
        operations.record_proposal(
            initiative,
            current_user,
            form.version.data,
            task=task,
            **{name: getattr(form, name).data for name in operations.PROPOSAL_FIELDS if name != "task"},
        )

    return _handle(initiative_id, form, "challenge_proposal", "task", act, _("The proposal has been saved."))


def change_deadline(initiative_id):
    def act(initiative, form):
        operations.change_deadline(
            initiative, current_user, form.due_on.data, form.reason.data, form.version.data
        )

    return _handle(
        initiative_id,
        DeadlineForm(prefix=prefix_of(DeadlineForm)),
        "challenge_deadline",
        "due_on",
        act,
        _("The deadline has been changed."),
    )


def decide(initiative_id):
    def act(initiative, form):
        operations.decide(
            initiative,
            current_user,
            form.decision.data,
            form.decided_on.data,
            form.decision_grounds.data,
            form.version.data,
        )

    return _handle(
        initiative_id,
        DecisionForm(prefix=prefix_of(DecisionForm)),
        "challenge_decision",
        "decision",
        act,
        _("The decision has been recorded."),
    )


def inadmissible(initiative_id):
    initiative = load_case_for_editing(initiative_id)
    form = InadmissibleForm(prefix=prefix_of(InadmissibleForm))
    if not form.validate_on_submit():
        abort(400)
    try:
        operations.declare_inadmissible(initiative, current_user, form.version.data)
    except (StaleRecord, RuleConflict) as error:
        message = str(error) if isinstance(error, RuleConflict) else _("A colleague changed this challenge.")
        flash(message, "error")
        return redirect(url_for("cases.show", initiative_id=initiative.id, _anchor=SECTION))
    return back_to_case(initiative, SECTION, _("The challenge has been declared inadmissible."))


def _dates(text):
    """The dates in `text`, separated by commas; a ValueError names the one that is no date."""
    days = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        for date_format in DATE_FORMATS:
            try:
                days.append(datetime.strptime(part, date_format).date())  # noqa: DTZ007 (a calendar day, no moment)
                break
            except ValueError:
                continue
        else:
            raise operations.ChallengeError(
                _("%(text)s is not a date, for example 23-11-2026.", text=part), field="reviews"
            )
    return days


def save_agreement(initiative_id):
    def act(initiative, form):
        operations.record_agreement(
            initiative,
            current_user,
            form.version.data,
            takes_over=form.takes_over.data,
            agreed_result=form.agreed_result.data,
            budget=form.budget.data,
            agreement_ends_on=form.agreement_ends_on.data,
            reviews=_dates(form.reviews.data),
        )

    return _handle(
        initiative_id,
        AgreementForm(prefix=prefix_of(AgreementForm)),
        "challenge_agreement",
        "takes_over",
        act,
        _("The agreement has been saved."),
    )


def evaluate(initiative_id):
    def act(initiative, form):
        operations.evaluate(
            initiative, current_user, form.evaluation.data, form.evaluated_on.data, form.version.data
        )

    return _handle(
        initiative_id,
        EvaluationForm(prefix=prefix_of(EvaluationForm)),
        "challenge_evaluation",
        "evaluation",
        act,
        _("The evaluation has been saved."),
    )


# -- the admin's page ---------------------------------------------------------------------------


def _admin_page(task_form=None, term_form=None, status=200):
    tasks = db.session.scalars(db.select(ChallengeTask).order_by(ChallengeTask.name)).all()
    if term_form is None:
        term_form = TermForm(formdata=None)
        term_form.decision_term_weeks.data = deadlines.decision_term_weeks()
    return render_template(
        "challenges/admin.html",
        tasks=tasks,
        task_form=task_form or TaskForm(formdata=None),
        term_form=term_form,
    ), status


def admin():
    return _admin_page()


def add_task():
    form = TaskForm()
    if form.validate_on_submit():
        try:
            operations.add_task(
                current_user,
                name=form.name.data,
                excluded=form.excluded.data,
                exclusion_reason=form.exclusion_reason.data,
            )
        except operations.ChallengeError as error:
            _refused(form, error, "name")
        else:
            flash(_("The task has been added."), "success")
            return redirect(url_for("challenges.admin"))
    return _admin_page(task_form=form, status=422)


def toggle_task(task_id):
    """Take a task off the list for new challenges, or back on."""
    task = db.session.get(ChallengeTask, task_id) or abort(404)
    form = FlaskForm()  # only the CSRF token
    if not form.validate_on_submit():
        abort(400)
    operations.update_task(task, current_user, active=not task.active)
    flash(_("The task has been changed."), "success")
    return redirect(url_for("challenges.admin"))


def edit_task(task_id):
    """Change a task's name, its exclusion and reason, and whether it is offered; refused over a
    colleague's change made since the form was shown (the current values shown beside it)."""
    task = db.session.get(ChallengeTask, task_id) or abort(404)
    form = TaskEditForm(obj=task)
    stale = False
    if form.validate_on_submit():
        try:
            require_version(task, form.version.data, required=True)
            operations.update_task(
                task,
                current_user,
                name=form.name.data,
                excluded=form.excluded.data,
                exclusion_reason=form.exclusion_reason.data,
                active=form.active.data,
            )
        except StaleRecord:
            stale = True
            form.form_errors.append(
                _(
                    "Someone else changed this task while you were editing it. Your changes have not "
                    "been saved. Check the current values below the form and save again."
                )
            )
            form.version.data = task.version
        except operations.ChallengeError as error:
            db.session.rollback()
            task = db.session.get(ChallengeTask, task_id)
            _refused(form, error, "name")
        else:
            flash(_("The task has been changed."), "success")
            return redirect(url_for("challenges.admin"))
    status = 409 if stale else (422 if form.errors or form.form_errors else 200)
    return render_template("challenges/task_form.html", form=form, task=task, stale=stale), status


def set_term():
    form = TermForm()
    if form.validate_on_submit():
        operations.set_decision_term(current_user, form.decision_term_weeks.data)
        flash(_("The decision term has been saved."), "success")
        return redirect(url_for("challenges.admin"))
    return _admin_page(term_form=form, status=422)
