"""Opening a case: the short intake form (a phone call, a visit; an e-mail is `intake.controllers`)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from initiatives.cases import operations
from initiatives.cases.controllers import case_form_lists
from initiatives.cases.forms import IntakeForm
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


def new():
    lists = case_form_lists()
    form = IntakeForm()
    form.set_choices(lists["wijken"], lists["themes"])
    if not form.is_submitted():
        form.neighbourhood.data = default_neighbourhood()
    if form.validate_on_submit():
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
                initiators=[
                    operations.InitiatorDetails(
                        name=form.initiator_name.data or "",
                        email=form.initiator_email.data or "",
                        phone=form.initiator_phone.data or "",
                        address=form.initiator_address.data or "",
                        organisation=form.initiator_organisation.data or "",
                    )
                ],
                first_note=form.first_note.data,
            )
        except operations.CaseError as error:
            getattr(form, error.field, form.title).errors.append(str(error))
        else:
            flash(_("The case has been opened."), "success")
            return redirect(url_for("cases.show", initiative_id=initiative.id))
    return render_template("cases/new.html", form=form)
