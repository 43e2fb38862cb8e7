"""The timeline: adding activities, and correcting or voiding one made by mistake (its author or
the case's owner, on a page that shows the entry and asks why)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from initiatives.cases import activities, operations
from initiatives.cases.controllers import back_to_case, case_form_lists, load_case_for_editing
from initiatives.cases.controllers.case_page import render_case
from initiatives.cases.forms import (
    ActivityForm,
    ActivityVisibilityForm,
    CorrectActivityForm,
    VoidActivityForm,
)
from initiatives.cases.models import Activity
from initiatives.core.access import require
from initiatives.extensions import db
from initiatives.vocabularies.models import Skill


def add_activity(initiative_id):
    initiative = load_case_for_editing(initiative_id)
    form = ActivityForm()
    form.set_choices(case_form_lists()["skills"])
    if form.validate_on_submit():
        try:
            activities.add_activity(
                initiative,
                current_user,
                kind=form.kind.data,
                happened_on=form.happened_on.data,
                practice=form.practice.data,
                skills=[db.session.get(Skill, skill_id) for skill_id in form.skills.data or []],
                note=form.note.data or "",
                visible_to_initiators=form.visible_to_initiators.data,
            )
        except operations.CaseError as error:
            getattr(form, error.field, form.note).errors.append(str(error))
        else:
            return back_to_case(initiative, "timeline", _("The activity has been added to the timeline."))
    return render_case(initiative, status=422, activity=form)


def _timeline(initiative):
    return redirect(url_for("cases.show", initiative_id=initiative.id, _anchor="timeline"))


def _load_amendable_activity(initiative_id, activity_id):
    """The case and its activity (404 when it is another case's); 403 unless the user may correct
    or void it (`Activity.can_amend`)."""
    initiative = load_case_for_editing(initiative_id)
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.initiative_id != initiative.id:
        abort(404)
    require(activity.can_amend(current_user))
    return initiative, activity


def _page(template, form, initiative, activity):
    status = 422 if form.errors else 200
    return render_template(template, form=form, initiative=initiative, activity=activity), status


def void_activity(initiative_id, activity_id):
    initiative, activity = _load_amendable_activity(initiative_id, activity_id)
    if activity.is_voided:
        flash(_("This entry has been voided already."), "info")
        return _timeline(initiative)
    form = VoidActivityForm()
    if form.validate_on_submit():
        try:
            activities.void_activity(activity, current_user, reason=form.reason.data)
        except operations.CaseError as error:
            form.reason.errors.append(str(error))
        else:
            flash(_("The entry has been voided. It stays in the history, struck through."), "success")
            return _timeline(initiative)
    return _page("cases/activity_void.html", form, initiative, activity)


def correct_activity(initiative_id, activity_id):
    initiative, activity = _load_amendable_activity(initiative_id, activity_id)
    if not activity.is_correctable:
        if activity.is_voided:
            flash(_("A voided entry cannot be corrected."), "info")
        else:
            flash(
                _(
                    "A message from the initiators keeps their own words: it cannot be corrected. Void it if it was sent by mistake."
                ),
                "info",
            )
        return _timeline(initiative)
    form = CorrectActivityForm()
    if not form.is_submitted():
        form.note.data = activity.note
    if form.validate_on_submit():
        try:
            activities.correct_activity(activity, current_user, note=form.note.data, reason=form.reason.data)
        except operations.CaseError as error:
            getattr(form, error.field or "reason", form.reason).errors.append(str(error))
        else:
            flash(_("The note has been corrected. The earlier text stays in the history."), "success")
            return _timeline(initiative)
    return _page("cases/activity_correct.html", form, initiative, activity)


def show_activity_to_initiators(initiative_id, activity_id):
    """The timeline's button: show the entry on the status page, or hide it again."""
    initiative, activity = _load_amendable_activity(initiative_id, activity_id)
    form = ActivityVisibilityForm()
    if not form.validate_on_submit():
        abort(400)
    visible = form.visible.data == "yes"
    try:
        activities.show_to_initiators(activity, current_user, visible=visible)
    except operations.CaseError as error:
        return back_to_case(initiative, "timeline", str(error))
    if visible:
        message = _(
            "The entry is now shown on the initiators' status page (its date and kind, not the note)."
        )
    else:
        message = _("The entry is no longer shown on the initiators' status page.")
    return back_to_case(initiative, "timeline", message)
