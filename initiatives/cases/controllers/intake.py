"""Opening a case: the short intake form, and an uploaded e-mail."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from initiatives.cases import operations
from initiatives.cases.controllers import case_form_lists
from initiatives.cases.forms import EmailIntakeForm, IntakeForm
from initiatives.core.errors import way_back_after_too_large
from initiatives.core.unit_of_work import begin_writing
from initiatives.extensions import db
from initiatives.intake import operations as intake
from initiatives.intake.mail import MailError
from initiatives.organisation.models import Neighbourhood
from initiatives.vocabularies.models import Theme


def _chosen(model, ids):
    return [db.session.get(model, item_id) for item_id in ids or []]


def _default_neighbourhood():
    own = current_user.neighbourhoods
    return own[0].id if own else None


def new():
    lists = case_form_lists()
    form = IntakeForm()
    form.set_choices(lists["wijken"], lists["themes"])
    if not form.is_submitted():
        form.neighbourhood.data = _default_neighbourhood()
    if form.validate_on_submit():
        try:
            initiative = operations.open_case(
                current_user,
                title=form.title.data,
                description=form.description.data,
                neighbourhood=db.session.get(Neighbourhood, form.neighbourhood.data),
                channel=form.channel.data,
                received_on=form.received_on.data,
                themes=_chosen(Theme, form.themes.data),
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


@way_back_after_too_large("cases.new_from_email")
def back_to_the_email_form():
    return url_for("cases.new_from_email"), _("Back to opening a case from an e-mail")


def new_from_email():
    """Open a case from an uploaded e-mail. The request reads (`unit_of_work.reads_first`) while
    the e-mail is read and checked, however long that takes, and writes the case in one short
    transaction afterwards."""
    lists = case_form_lists()
    form = EmailIntakeForm()
    form.set_choices(lists["wijken"], lists["themes"])
    if not form.is_submitted():
        form.neighbourhood.data = _default_neighbourhood()
    if form.validate_on_submit():
        try:
            mail = intake.read_mail(form.message.data.read())
        except MailError as error:
            form.message.errors.append(str(error))
        else:
            begin_writing()
            try:
                outcome = intake.save_mail(
                    current_user,
                    mail,
                    neighbourhood=db.session.get(Neighbourhood, form.neighbourhood.data),
                    themes=_chosen(Theme, form.themes.data),
                )
            except operations.CaseError as error:
                # The neighbourhood is refused at its field; what the e-mail lacks, at the e-mail.
                field = form.neighbourhood if error.field == "neighbourhood" else form.message
                field.errors.append(str(error))
            else:
                if outcome.duplicate:
                    flash(_("This e-mail was imported before; here is its case."), "info")
                else:
                    flash(_("The case has been opened from the e-mail."), "success")
                for reason in outcome.skipped_attachments:
                    flash(reason, "info")
                return redirect(url_for("cases.show", initiative_id=outcome.initiative.id))
    return render_template("cases/new_email.html", form=form)
