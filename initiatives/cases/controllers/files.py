"""Files on a case: upload and download by those who work on it; removal of one uploaded by
mistake by whoever uploaded it or the case's owner."""

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from initiatives.audit.operations import record_access
from initiatives.cases.attachments import (
    AttachmentError,
    add_attachment,
    named_for,
    path_of,
    remove_attachment,
)
from initiatives.cases.controllers import back_to_case, load_case, load_case_for_editing
from initiatives.cases.controllers.case_page import render_case
from initiatives.cases.forms import AttachmentForm, RemoveAttachmentForm
from initiatives.cases.models import Attachment, Initiative
from initiatives.cases.operations import CaseError
from initiatives.cases.personal_data import case_texts
from initiatives.core.access import require
from initiatives.core.errors import render_error, way_back_after_too_large
from initiatives.extensions import db


def upload(initiative_id):
    initiative = load_case_for_editing(initiative_id)
    form = AttachmentForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            add_attachment(initiative, current_user, upload.filename, upload.read())
        except AttachmentError as error:
            form.file.errors.append(str(error))
        else:
            return back_to_case(initiative, "files", _("The file has been added."))
    return render_case(initiative, status=422, attachment=form)


@way_back_after_too_large("cases.upload")
def back_to_the_files(initiative_id):
    """After a file too large for a case: back to its files, named by its title (as this user may
    read it)."""
    initiative = db.session.get(Initiative, initiative_id)
    if initiative is None:
        return None
    url = url_for("cases.show", initiative_id=initiative.id, _anchor="files")
    if not (current_user.is_authenticated and initiative.can_view(current_user)):
        return url, _("Back to the initiative")
    return url, _("Back to the initiative “%(title)s”", title=case_texts(initiative)(initiative.title))


def _load_attachment(initiative, attachment_id):
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.initiative_id != initiative.id:
        abort(404)
    return attachment


def _files(initiative):
    return redirect(url_for("cases.show", initiative_id=initiative.id, _anchor="files"))


def remove(initiative_id, attachment_id):
    initiative = load_case_for_editing(initiative_id)
    attachment = _load_attachment(initiative, attachment_id)
    require(attachment.can_remove(current_user))
    if attachment.is_removed:
        flash(_("This file has been removed already."), "info")
        return _files(initiative)
    form = RemoveAttachmentForm()
    if form.validate_on_submit():
        try:
            remove_attachment(attachment, current_user, reason=form.reason.data)
        except CaseError as error:
            form.reason.errors.append(str(error))
        else:
            flash(_("The file has been removed. Its entry stays on the case, with the reason."), "success")
            return _files(initiative)
    status = 422 if form.errors else 200
    return render_template(
        "cases/file_remove.html", form=form, initiative=initiative, attachment=attachment
    ), status


def download(initiative_id, attachment_id):
    initiative = load_case(initiative_id)
    if not initiative.can_view_contacts(current_user):
        # A file's content cannot be anonymised as the case's texts are: an e-mail, a letter or a
        # photo may show a resident. So files are for those who may see the contact details.
        return render_error(
            403,
            _(
                "Files may hold residents' personal data, so only those who work on this initiative "
                "can open them."
            ),
        )
    attachment = _load_attachment(initiative, attachment_id)
    if attachment.is_removed:
        return render_error(
            410,
            _("This file was removed as uploaded by mistake. Its entry and the reason stay on the case."),
        )
    if attachment.erased_at is not None:
        return render_error(
            410,
            _(
                "The content of this file was deleted on request or after the retention period, "
                "because it may hold a resident's personal data (GDPR). Its entry stays on the case."
            ),
        )
    path = path_of(attachment)
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=attachment.content_type,
        as_attachment=True,
        # Files kept before names followed their content may still have another extension.
        download_name=named_for(attachment.filename, attachment.content_type),
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    record_access(
        "attachment.downloaded",
        attachment,
        summary=f"file {attachment.id} of case {initiative.id} downloaded",
        data={"initiative": initiative.id, "content_type": attachment.content_type, "size": attachment.size},
    )
    return response
