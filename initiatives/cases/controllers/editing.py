"""Editing a case (with the conflict view) and moving it through the stages."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from initiatives.cases import operations
from initiatives.cases.controllers import back_to_case, case_form_lists, load_case_for_editing
from initiatives.cases.controllers.case_page import render_case
from initiatives.cases.forms import CaseEditForm, MoveForm
from initiatives.cases.stages import ALLOWED_MOVES, MoveError, Stage
from initiatives.core.rules import StaleRecord
from initiatives.extensions import db
from initiatives.organisation.models import Neighbourhood
from initiatives.vocabularies.models import Theme


def _submitted_fields(form):
    return {
        "kind": form.kind.data,
        "title": form.title.data,
        "description": form.description.data or "",
        "neighbourhood": db.session.get(Neighbourhood, form.neighbourhood.data),
        "address": form.address.data or "",
        "channel": form.channel.data,
        "received_on": form.received_on.data,
        "themes": [db.session.get(Theme, theme_id) for theme_id in form.themes.data or []],
        "support_requested": form.support_requested.data or "",
        "next_step": form.next_step.data or "",
        "follow_up_on": form.follow_up_on.data,
        "in_council_report": bool(form.in_council_report.data),
    }


def _comparison(initiative, fields):
    """Rows of (field label, the stored value, the user's value, differs) for the conflict view."""
    stored = operations.snapshot(initiative)
    mine = {
        **fields,
        "neighbourhood": fields["neighbourhood"].code if fields["neighbourhood"] else None,
        "received_on": fields["received_on"].isoformat() if fields["received_on"] else None,
        "follow_up_on": fields["follow_up_on"].isoformat() if fields["follow_up_on"] else None,
        "themes": [theme.code for theme in fields["themes"] if theme],
    }
    return [
        (name, stored[name], mine[name], stored[name] != mine[name])
        for name in operations.EDITABLE_FIELDS
        if name in mine  # the location has a page of its own (initiatives/locations)
    ]


def edit(initiative_id):
    initiative = load_case_for_editing(initiative_id)
    lists = case_form_lists()
    form = CaseEditForm(obj=initiative)
    form.set_choices(lists["wijken"], lists["themes"])
    conflict = None
    if not form.is_submitted():
        form.neighbourhood.data = initiative.neighbourhood_id
        form.themes.data = [theme.id for theme in initiative.themes]
        form.channel.data = initiative.channel.value
        form.kind.data = initiative.kind.value
    if form.validate_on_submit():
        fields = _submitted_fields(form)
        try:
            operations.update_case(initiative, current_user, form.version.data, **fields)
        except StaleRecord:
            # Also when a colleague's save landed between the version check and our UPDATE: the
            # operation rolled ours back, so the case reads as they saved it.
            conflict = _comparison(initiative, fields)
            form.version.data = initiative.version  # saving again is now a deliberate choice
        except operations.CaseError as error:
            getattr(form, error.field, form.title).errors.append(str(error))
        else:
            flash(_("The case has been saved."), "success")
            return redirect(url_for("cases.show", initiative_id=initiative.id))
    status = 409 if conflict else 422 if form.errors else 200
    return render_template("cases/edit.html", form=form, initiative=initiative, conflict=conflict), status


def move(initiative_id):
    initiative = load_case_for_editing(initiative_id)
    form = MoveForm()
    current = Stage(initiative.stage)
    form.set_choices(current, list(ALLOWED_MOVES[current]))
    if form.validate_on_submit():
        try:
            operations.move_case(
                initiative,
                current_user,
                form.to.data,
                reason=form.reason.data or "",
                result=form.result.data or None,
                lessons=form.lessons.data or "",
                expected_version=form.version.data,
            )
        except MoveError as error:
            getattr(form, error.field or "to").errors.append(str(error))
        except StaleRecord:
            form.to.errors.append(
                _("Someone else changed this case in the meantime. Check its stage and try again.")
            )
            form.version.data = initiative.version
        else:
            return back_to_case(
                initiative,
                "stage",
                _("The case is now in the stage: %(stage)s.", stage=Stage(form.to.data).title),
            )
    return render_case(initiative, status=422, move=form)
