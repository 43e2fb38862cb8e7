"""The initiators' contact details: personal data, only for those who work on the case."""

from flask import abort, render_template
from flask_babel import gettext as _
from flask_login import current_user

from initiatives.audit.operations import record_personal_data_view
from initiatives.cases import contacts, operations
from initiatives.cases.controllers import back_to_case, load_case_for_editing
from initiatives.cases.controllers.case_page import render_case
from initiatives.cases.forms import InitiatorForm
from initiatives.cases.models import Initiator
from initiatives.core.rules import StaleRecord
from initiatives.extensions import db


def _details(form):
    return operations.InitiatorDetails(
        **{name: getattr(form, name).data or "" for name in contacts.CONTACT_FIELDS},
        status_mail_consent=form.status_mail_consent.data,
    )


def _comparison(initiator, details):
    """(field, saved value, the user's value, whether they differ) per field of the contact."""
    rows = []
    for name in contacts.CONTACT_FIELDS:
        saved, mine = getattr(initiator, name), (getattr(details, name) or "").strip()
        rows.append((name, saved, mine, saved != mine))
    return rows


def _load_initiator(initiative, initiator_id):
    initiator = db.session.get(Initiator, initiator_id)
    if initiator is None or initiator.initiative_id != initiative.id:
        abort(404)
    return initiator


def add_initiator(initiative_id):
    initiative = load_case_for_editing(initiative_id)
    form = InitiatorForm()
    if form.validate_on_submit():
        contacts.add_initiator(initiative, current_user, _details(form))
        return back_to_case(initiative, "contacts", _("The contact person has been added."))
    return render_case(initiative, status=422, initiator=form)


def edit_initiator(initiative_id, initiator_id):
    initiative = load_case_for_editing(initiative_id)
    initiator = _load_initiator(initiative, initiator_id)
    form = InitiatorForm(obj=initiator)
    if not form.is_submitted():
        form.status_mail_consent.data = initiator.status_mail_consent_on is not None
    conflict = None
    if form.validate_on_submit():
        details = _details(form)
        try:
            contacts.update_initiator(initiator, current_user, details, expected_version=form.version.data)
        except StaleRecord:
            conflict = _comparison(initiator, details)
            form.version.data = initiator.version  # saving again is now a deliberate choice
        else:
            return back_to_case(initiative, "contacts", _("The contact person has been saved."))
    status = 409 if conflict else 422 if form.errors else 200
    record_personal_data_view(initiative, "contact form", initiator)
    return render_template(
        "cases/initiator.html", form=form, initiative=initiative, initiator=initiator, conflict=conflict
    ), status


def remove_initiator(initiative_id, initiator_id):
    initiative = load_case_for_editing(initiative_id)
    initiator = _load_initiator(initiative, initiator_id)
    contacts.remove_initiator(initiator, current_user)
    return back_to_case(initiative, "contacts", _("The contact person has been removed."))
