"""Withdrawing a case registered by mistake or twice, and taking it back: each on a page of its
own that says what happens and asks for the reason (the confirmation)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from initiatives.cases import operations
from initiatives.cases.controllers import load_case_for_editing
from initiatives.cases.forms import ReinstateForm, WithdrawForm
from initiatives.core.rules import StaleRecord


def _confirm(initiative, form, operation, template, done_message):
    """Show the confirmation page of `operation`; on a valid POST, do it and go back to the case."""
    if not form.is_submitted():
        form.version.data = initiative.version
    if form.validate_on_submit():
        try:
            operation(initiative, current_user, reason=form.reason.data, expected_version=form.version.data)
        except StaleRecord:
            form.reason.errors.append(
                _("Someone else changed this case in the meantime. Check it and try again.")
            )
            form.version.data = initiative.version
        except operations.CaseError as error:
            form.reason.errors.append(str(error))
        else:
            flash(done_message, "success")
            return redirect(url_for("cases.show", initiative_id=initiative.id))
    status = 422 if form.errors else 200
    return render_template(template, form=form, initiative=initiative), status


def withdraw(initiative_id):
    initiative = load_case_for_editing(initiative_id)
    if initiative.is_withdrawn:
        flash(_("This case has been withdrawn already."), "info")
        return redirect(url_for("cases.show", initiative_id=initiative.id))
    return _confirm(
        initiative,
        WithdrawForm(),
        operations.withdraw_case,
        "cases/withdraw.html",
        _("The case has been withdrawn. It is kept, and left out of lists and figures."),
    )


def reinstate(initiative_id):
    initiative = load_case_for_editing(initiative_id)
    if not initiative.is_withdrawn:
        flash(_("This case is not withdrawn."), "info")
        return redirect(url_for("cases.show", initiative_id=initiative.id))
    return _confirm(
        initiative,
        ReinstateForm(),
        operations.reinstate_case,
        "cases/reinstate.html",
        _("The case has been taken back. It counts again everywhere."),
    )
