"""Opening a case from an uploaded e-mail (the web side of the e-mail intake)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from initiatives.cases.controllers import case_form_lists
from initiatives.cases.controllers.intake import chosen, chosen_case, default_neighbourhood
from initiatives.cases.duplicates import NotAllowedToAdd
from initiatives.cases.forms import EmailIntakeForm
from initiatives.cases.operations import CaseError
from initiatives.core.errors import way_back_after_too_large
from initiatives.core.unit_of_work import begin_writing
from initiatives.extensions import db
from initiatives.intake import operations, pending
from initiatives.intake.mail_types import MailError
from initiatives.organisation.models import Neighbourhood
from initiatives.vocabularies.models import Theme


@way_back_after_too_large("intake.new_from_email")
def back_to_the_email_form():
    return url_for("intake.new_from_email"), _("Back to opening a case from an e-mail")


def _uploaded(form):
    """The bytes of the e-mail: the file chosen now, else the one kept from the first submit
    (None with an error on the form when that is gone)."""
    if form.message.data:
        return form.message.data.read(), False
    data = pending.take(current_user.id, form.pending.data)
    if data is None:
        form.pending.data = ""
        form.message.errors.append(_("The e-mail chosen before is no longer at hand: choose it again."))
    return data, True


def new_from_email():
    """Open a case from an uploaded e-mail. The request reads (`unit_of_work.reads_first`) while
    the e-mail is read and checked, however long that takes, and writes the case in one short
    transaction afterwards.

    The first submit shows the open cases that look alike, if any, keeping the e-mail
    (`pending`): the next adds it to one of them (its button) or opens a new case."""
    lists = case_form_lists()
    form = EmailIntakeForm()
    form.set_choices(lists["wijken"], lists["themes"])
    if not form.is_submitted():
        form.neighbourhood.data = default_neighbourhood()
    matches = []
    if form.validate_on_submit():
        data, was_kept = _uploaded(form)
        mail = None
        if data is not None:
            try:
                mail = operations.read_mail(data)
            except MailError as error:
                form.message.errors.append(str(error))
        if mail is not None:
            neighbourhood = db.session.get(Neighbourhood, form.neighbourhood.data)
            existing = chosen_case() if was_kept else None
            if not was_kept:
                matches = operations.looking_alike(current_user, mail, neighbourhood)
            if matches and operations.find_by_message_id(mail.message_id) is None:
                form.pending.data = pending.keep(current_user.id, data)
            else:
                return _save(form, mail, neighbourhood, existing)
    return render_template("cases/new_email.html", form=form, matches=matches)


def _save(form, mail, neighbourhood, existing):
    begin_writing()
    try:
        if existing is not None:
            outcome = operations.add_mail_to_case(current_user, mail, existing)
        else:
            outcome = operations.save_mail(
                current_user, mail, neighbourhood=neighbourhood, themes=chosen(Theme, form.themes.data)
            )
    except NotAllowedToAdd:
        abort(403)
    except CaseError as error:
        # The neighbourhood is refused at its field; what the e-mail lacks, at the e-mail.
        field = form.neighbourhood if error.field == "neighbourhood" else form.message
        field.errors.append(str(error))
        return render_template("cases/new_email.html", form=form, matches=[])
    if form.pending.data:
        pending.discard(current_user.id, form.pending.data)
    if outcome.duplicate:
        flash(_("This e-mail was imported before; here is its case."), "info")
    elif outcome.linked:
        flash(_("The e-mail has been added to this case."), "success")
    else:
        flash(_("The case has been opened from the e-mail."), "success")
    for reason in outcome.skipped_attachments:
        flash(reason, "info")
    return redirect(url_for("cases.show", initiative_id=outcome.initiative.id))
