"""Request handlers of the stakeholder map: adding a stakeholder from the case page, its edit page
(a new stance with its note), removing it, and naming the stakeholders of one timeline entry
("who was there"). For those who may edit the case."""

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from initiatives.cases.controllers import back_to_case, load_case_for_editing
from initiatives.cases.controllers.case_page import render_case
from initiatives.cases.models import Activity, Initiator
from initiatives.cases.personal_data import case_texts
from initiatives.core.rules import StaleRecord
from initiatives.extensions import db
from initiatives.organisation.models import Department
from initiatives.stakeholders import operations
from initiatives.stakeholders.forms import (
    RemoveStakeholderForm,
    contact_stakeholders_form,
    stakeholder_form,
)
from initiatives.stakeholders.kinds import Side
from initiatives.stakeholders.naming import stakeholder_label
from initiatives.stakeholders.queries import stakeholder_of_case, stakeholders_of

SECTION = "stakeholders"


def _fields(form, initiative):
    """The operation's fields from the form; a side's fields are left out for the other side."""
    inside = form.side.data == Side.INSIDE
    chosen = set(form.activities.data or [])
    initiator = db.session.get(Initiator, form.initiator.data) if form.initiator.data else None
    return {
        "side": form.side.data,
        "role": form.role.data,
        "stance": form.stance.data,
        "influence": form.influence.data,
        "interest": form.interest.data,
        "department": db.session.get(Department, form.department.data)
        if inside and form.department.data
        else None,
        "organisation": "" if inside else form.organisation.data or "",
        "organisation_kind": None if inside else form.organisation_kind.data or None,
        "name": form.name.data or "",
        "initiator": None if inside else initiator,
        "activities": [activity for activity in initiative.activities if activity.id in chosen],
    }


def _field_of(form, error):
    return getattr(form, error.field, None) or form.side


def add(initiative_id):
    initiative = load_case_for_editing(initiative_id)
    form = stakeholder_form(initiative, request.form)
    if form.validate_on_submit():
        try:
            operations.add_stakeholder(
                initiative, current_user, note=form.note.data, **_fields(form, initiative)
            )
        except operations.StakeholderError as error:
            _field_of(form, error).errors.append(str(error))
        else:
            return back_to_case(initiative, SECTION, _("The stakeholder has been added."))
    return render_case(initiative, status=422, stakeholder=form)


def _load(initiative, stakeholder_id):
    stakeholder = stakeholder_of_case(initiative, stakeholder_id)
    if stakeholder is None:
        abort(404)
    return stakeholder


def _fill(form, stakeholder):
    form.side.data = stakeholder.side.value
    form.role.data = stakeholder.role.value
    form.stance.data = stakeholder.stance.value
    form.influence.data = stakeholder.influence
    form.interest.data = stakeholder.interest
    form.department.data = stakeholder.department_id
    form.organisation.data = stakeholder.organisation
    form.organisation_kind.data = stakeholder.organisation_kind.value if stakeholder.organisation_kind else ""
    form.name.data = stakeholder.name
    form.initiator.data = stakeholder.initiator_id or 0
    form.activities.data = [activity.id for activity in stakeholder.activities]
    form.version.data = stakeholder.version


def edit(initiative_id, stakeholder_id):
    """A stakeholder's own page: its fields, a new stance with a note, its stance history."""
    initiative = load_case_for_editing(initiative_id)
    stakeholder = _load(initiative, stakeholder_id)
    form = stakeholder_form(initiative, request.form if request.method == "POST" else None, obj=stakeholder)
    if request.method == "GET":
        _fill(form, stakeholder)
    conflict = False
    if form.validate_on_submit():
        try:
            operations.update_stakeholder(
                stakeholder, current_user, form.version.data, note=form.note.data, **_fields(form, initiative)
            )
        except StaleRecord:
            conflict = True
            form.version.data = stakeholder.version
        except operations.StakeholderError as error:
            _field_of(form, error).errors.append(str(error))
        else:
            return back_to_case(initiative, SECTION, _("The stakeholder has been saved."))
    status = 409 if conflict else (422 if form.errors else 200)
    return render_template(
        "stakeholders/edit.html",
        form=form,
        remove_form=RemoveStakeholderForm(formdata=None, version=stakeholder.version),
        initiative=initiative,
        stakeholder=stakeholder,
        conflict=conflict,
    ), status


def remove(initiative_id, stakeholder_id):
    initiative = load_case_for_editing(initiative_id)
    stakeholder = _load(initiative, stakeholder_id)
    form = RemoveStakeholderForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        operations.remove_stakeholder(stakeholder, current_user, form.version.data)
    except StaleRecord:
        return back_to_case(
            initiative, SECTION, _("Someone else changed this stakeholder. Check it and try again.")
        )
    return back_to_case(initiative, SECTION, _("The stakeholder has been removed."))


def contact(initiative_id, activity_id):
    """Who took part in one timeline entry: the case's stakeholders, ticked if they were there."""
    initiative = load_case_for_editing(initiative_id)
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.initiative_id != initiative.id or activity.is_voided:
        abort(404)
    stakeholders = stakeholders_of(initiative)
    hidden = case_texts(initiative).hidden
    form = contact_stakeholders_form(
        [(stakeholder, stakeholder_label(stakeholder, hidden=hidden)) for stakeholder in stakeholders],
        request.form if request.method == "POST" else None,
    )
    if request.method == "GET":
        form.stakeholders.data = [item.id for item in stakeholders if activity in item.activities]
    if form.validate_on_submit():
        chosen = set(form.stakeholders.data or [])
        operations.name_contact_stakeholders(
            activity, [item for item in stakeholders if item.id in chosen], current_user
        )
        return back_to_case(initiative, SECTION, _("Who was at this contact has been saved."))
    return render_template(
        "stakeholders/contact.html", form=form, initiative=initiative, activity=activity
    ), 422 if form.errors else 200
