"""Request handlers of merging: the merge in two steps (choose the case, then see what moves and
give the reason), answering a request, and undoing a merge, each on a page of its own."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from initiatives.cases.controllers import back_to_case, load_case_for_editing
from initiatives.cases.models import Initiative
from initiatives.cases.operations import CaseError
from initiatives.core.access import require
from initiatives.core.rules import StaleRecord
from initiatives.extensions import db
from initiatives.merging import operations
from initiatives.merging.forms import AnswerForm, DeclineForm, MergeForm, UndoMergeForm

SECTION = "merging"


def merge(initiative_id):
    """Step one: the other case's number; step two (`confirmed`): what moves, and the reason."""
    initiative = load_case_for_editing(initiative_id)
    require(operations.may_request(current_user, initiative))
    form = MergeForm()
    if not form.is_submitted():
        form.version.data = initiative.version
        return render_template("merging/choose.html", form=form, initiative=initiative)
    other = None
    if form.into.validate(form):
        other = db.session.get(Initiative, form.into.data)
        if other is None or not other.can_view(current_user):
            form.into.errors.append(_("There is no case with this number."))
            other = None
    if other is not None:
        try:
            operations.check_pair(initiative, other)
        except CaseError as error:
            form.into.errors.append(str(error))
            other = None
    if other is None:
        return render_template("merging/choose.html", form=form, initiative=initiative), 422
    if form.confirmed.data != "1":
        form.confirmed.data = "1"
        form.reason.errors = []
        return _confirmation(form, initiative, other)
    if form.validate():
        try:
            done = operations.request_merge(
                initiative, other, current_user, reason=form.reason.data, expected_version=form.version.data
            )
        except StaleRecord:
            form.reason.errors.append(
                _("Someone else changed this case in the meantime. Check it and try again.")
            )
            form.version.data = initiative.version
        except CaseError as error:
            form.reason.errors.append(str(error))
        else:
            if done.confirmed_at is not None:
                return back_to_case(
                    other, SECTION, _("Case #%(id)d has been merged into this case.", id=initiative.id)
                )
            return back_to_case(
                initiative,
                SECTION,
                _(
                    "The merge has been asked for. It is done when %(name)s confirms it.",
                    name=_answerer(done).display_name,
                ),
            )
    return _confirmation(form, initiative, other, status=422)


def _answerer(merge):
    """The owner who is to confirm `merge`."""
    if merge.from_case.owner_id != merge.requested_by_id:
        return merge.from_case.owner
    return merge.into_case.owner


def _confirmation(form, initiative, other, status=200):
    return (
        render_template(
            "merging/confirm.html",
            form=form,
            initiative=initiative,
            other=other,
            moves=operations.what_moves(initiative, other),
            needs_confirmation=not operations.owns(current_user, other),
        ),
        status,
    )


def _pending_or_back(initiative):
    """The request naming the case that waits for confirmation; else None (the caller goes back)."""
    merge = operations.pending_merge_of(initiative)
    if merge is None:
        flash(_("No merge of this case waits for confirmation."), "info")
    return merge


def confirm(initiative_id):
    initiative = load_case_for_editing(initiative_id)
    merge = _pending_or_back(initiative)
    if merge is None:
        return redirect(url_for("cases.show", initiative_id=initiative.id))
    require(operations.may_answer(current_user, merge))
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            operations.confirm_merge(merge, current_user)
        except CaseError as error:
            return back_to_case(initiative, SECTION, str(error))
        return back_to_case(
            merge.into_case, SECTION, _("Case #%(id)d has been merged into this case.", id=merge.from_id)
        )
    return redirect(url_for("cases.show", initiative_id=initiative.id, _anchor=SECTION))


def decline(initiative_id):
    initiative = load_case_for_editing(initiative_id)
    merge = _pending_or_back(initiative)
    if merge is None:
        return redirect(url_for("cases.show", initiative_id=initiative.id))
    require(operations.may_answer(current_user, merge))
    return _with_reason(
        DeclineForm(),
        operations.decline_merge,
        initiative,
        merge,
        "merging/decline.html",
        _("The merge has been declined. Nothing has moved."),
    )


def undo(initiative_id):
    """Undo the merge of this (merged) case."""
    initiative = load_case_for_editing(initiative_id)
    merge = operations.current_merge_of(initiative)
    if merge is None:
        flash(_("This case has not been merged into another case."), "info")
        return redirect(url_for("cases.show", initiative_id=initiative.id))
    require(operations.may_undo(current_user, merge))
    return _with_reason(
        UndoMergeForm(),
        operations.undo_merge,
        initiative,
        merge,
        "merging/undo.html",
        _("The merge has been undone. This case counts again."),
    )


def _with_reason(form, act, initiative, merge, template, done):
    """A step on `merge` that asks for a reason (decline, undo): `act(merge, user, reason=...)` once
    the form is valid, back to the case with `done`; else the form again with the rule's message."""
    if form.validate_on_submit():
        try:
            act(merge, current_user, reason=form.reason.data)
        except CaseError as error:
            form.reason.errors.append(str(error))
        else:
            return back_to_case(initiative, SECTION, done)
    status = 422 if form.errors else 200
    return render_template(template, form=form, initiative=initiative, merge=merge), status
