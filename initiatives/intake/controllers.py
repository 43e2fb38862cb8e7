"""Opening a case from an uploaded e-mail (the web side of the e-mail intake)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from initiatives.cases.controllers import case_form_lists
from initiatives.cases.controllers.intake import chosen, default_neighbourhood
from initiatives.cases.forms import EmailIntakeForm
from initiatives.cases.operations import CaseError
from initiatives.core.errors import way_back_after_too_large
from initiatives.core.unit_of_work import begin_writing
from initiatives.extensions import db
from initiatives.intake import operations
from initiatives.intake.mail_types import MailError
from initiatives.organisation.models import Neighbourhood
from initiatives.vocabularies.models import Theme


@way_back_after_too_large("intake.new_from_email")
def back_to_the_email_form():
    return url_for("intake.new_from_email"), _("Back to opening a case from an e-mail")


def new_from_email():
    """Open a case from an uploaded e-mail. The request reads (`unit_of_work.reads_first`) while
    the e-mail is read and checked, however long that takes, and writes the case in one short
    transaction afterwards."""
    lists = case_form_lists()
    form = EmailIntakeForm()
    form.set_choices(lists["wijken"], lists["themes"])
    if not form.is_submitted():
        form.neighbourhood.data = default_neighbourhood()
    if form.validate_on_submit():
        try:
            mail = operations.read_mail(form.message.data.read())
        except MailError as error:
            form.message.errors.append(str(error))
        else:
            begin_writing()
            try:
                outcome = operations.save_mail(
                    current_user,
                    mail,
                    neighbourhood=db.session.get(Neighbourhood, form.neighbourhood.data),
                    themes=chosen(Theme, form.themes.data),
                )
            except CaseError as error:
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
