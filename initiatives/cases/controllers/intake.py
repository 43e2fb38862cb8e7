"""Opening a case: the short intake form (a phone call, a visit; an e-mail is `intake.controllers`)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from initiatives.api.schemas import MAX_ROW_ID
from initiatives.cases import duplicates, operations
from initiatives.cases.controllers import case_form_lists
from initiatives.cases.forms import IntakeForm
from initiatives.cases.models import Initiative
from initiatives.cases.similar import NewCase, similar_cases
from initiatives.extensions import db
from initiatives.organisation.models import Neighbourhood
from initiatives.vocabularies.models import Theme


def chosen(model, ids):
    """The rows of `model` with the ids chosen in a form's multiple choice."""
    return [db.session.get(model, item_id) for item_id in ids or []]


def default_neighbourhood():
    """The neighbourhood a new case of the signed-in manager is in unless they choose another."""
    own = current_user.neighbourhoods
    return own[0].id if own else None


def chosen_case(name="add_to"):
    """The open case a form's button "Add to this case" names (its value), or None; 404 when
    there is no such case."""
    case_id = request.form.get(name, type=int)
    if case_id is None:
        return None
    if not 1 <= case_id <= MAX_ROW_ID:  # PostgreSQL's integer: a larger number names no case
        abort(404)
    return db.get_or_404(Initiative, case_id)


def looking_alike(form, new_case):
    """The open cases like `new_case`, when the user has not seen them yet on this form (its
    hidden `similar_checked`); marks the form as checked."""
    if form.similar_checked.data == "1":
        return []
    form.similar_checked.data = "1"
    return similar_cases(new_case, current_user)


def _contact(form):
    return operations.InitiatorDetails(
        name=form.initiator_name.data or "",
        email=form.initiator_email.data or "",
        phone=form.initiator_phone.data or "",
        address=form.initiator_address.data or "",
        organisation=form.initiator_organisation.data or "",
    )


def new():
    """Register a first contact. The first submit shows the open cases that look alike (if any),
    to add the contact to one of them instead; the next opens the case."""
    lists = case_form_lists()
    form = IntakeForm()
    form.set_choices(lists["wijken"], lists["themes"])
    if not form.is_submitted():
        form.neighbourhood.data = default_neighbourhood()
    matches = []
    if form.validate_on_submit():
        existing = chosen_case()
        if existing is not None:
            return _add_to_existing(form, existing)
        matches = looking_alike(
            form,
            NewCase(
                title=form.title.data,
                description=form.description.data or "",
                neighbourhood_id=form.neighbourhood.data,
                email=form.initiator_email.data or "",
                phone=form.initiator_phone.data or "",
                address=form.address.data or "",
            ),
        )
        if not matches:
            return _open(form)
    return render_template("cases/new.html", form=form, matches=matches)


def _add_to_existing(form, existing):
    try:
        duplicates.add_to_existing_case(
            existing,
            current_user,
            channel=form.channel.data,
            received_on=form.received_on.data,
            contact=_contact(form),
            note=duplicates.message_text(form.title.data, form.description.data, form.first_note.data),
        )
    except duplicates.NotAllowedToAdd:
        abort(403)
    except operations.CaseError as error:
        getattr(form, error.field or "", form.title).errors.append(str(error))
        return render_template("cases/new.html", form=form, matches=[])
    flash(_("The contact and the message have been added to this case."), "success")
    return redirect(url_for("cases.show", initiative_id=existing.id))


def _open(form):
    try:
        initiative = operations.open_case(
            current_user,
            kind=form.kind.data,
            title=form.title.data,
            description=form.description.data,
            neighbourhood=db.session.get(Neighbourhood, form.neighbourhood.data),
            channel=form.channel.data,
            received_on=form.received_on.data,
            themes=chosen(Theme, form.themes.data),
            address=form.address.data,
            support_requested=form.support_requested.data,
            next_step=form.next_step.data,
            follow_up_on=form.follow_up_on.data,
            initiators=[_contact(form)],
            first_note=form.first_note.data,
        )
    except operations.CaseError as error:
        getattr(form, error.field, form.title).errors.append(str(error))
        return render_template("cases/new.html", form=form, matches=[])
    flash(_("The case has been opened."), "success")
    return redirect(url_for("cases.show", initiative_id=initiative.id))
