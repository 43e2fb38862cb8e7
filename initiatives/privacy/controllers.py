"""Request handlers of the privacy pages: the public statement and the admin's requests.

The person a request is about travels in POST bodies only, never in a URL (URLs end up in logs).
"""

import json

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from initiatives.core.dates import local_today
from initiatives.core.pdf import pdf_response, render_pdf
from initiatives.privacy.data_subjects import Subject, erase_subject, record_subject_access, subject_access
from initiatives.privacy.forms import EraseForm, ExportForm, SubjectForm
from initiatives.privacy.retention import (
    PrivacyError,
    expired_counts,
    last_purge,
    retention_cutoff,
    retention_months,
)

#: The subject-access PDF goes to a Dutch resident, whatever language the admin reads.
EXPORT_LANGUAGE = "nl"
RETENTION_VARIABLE = "BRICOLEUR_CONTACT_RETENTION_MONTHS"


def _months():
    """The retention period for display, or None when it is not set correctly."""
    try:
        return retention_months()
    except PrivacyError:
        return None


def statement():
    session_hours = int(current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() // 3600)
    return render_template("privacy/statement.html", months=_months(), session_hours=session_hours)


def _render_admin(form, status=200):
    months = _months()
    due = cutoff = None
    if months:
        cutoff = retention_cutoff(months=months)
        due = expired_counts(cutoff)
    return (
        render_template(
            "privacy/admin.html",
            form=form,
            months=months,
            cutoff=cutoff,
            due=due,
            last_purge=last_purge(),
            variable=RETENTION_VARIABLE,
        ),
        status,
    )


def admin():
    return _render_admin(SubjectForm())


def _subject(form):
    return Subject.of(form.email.data, form.phone.data)


def subject():
    form = SubjectForm()
    if not form.validate_on_submit():
        return _render_admin(form, 422)
    report = subject_access(_subject(form))
    record_subject_access(report, output="screen", actor=current_user)
    return render_template("privacy/subject.html", form=form, report=report)


def export():
    form = ExportForm()
    if not form.validate_on_submit() or form.output.data not in {"json", "pdf"}:
        return _render_admin(form, 422)
    report = subject_access(_subject(form))
    record_subject_access(report, output=form.output.data, actor=current_user)
    filename = f"inzage-persoonsgegevens-{local_today().isoformat()}"
    if form.output.data == "json":
        response = Response(json.dumps(report, ensure_ascii=False, indent=2), mimetype="application/json")
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        response.headers["Cache-Control"] = "private, no-store"
        return response
    with force_locale(EXPORT_LANGUAGE):
        data = render_pdf(
            "privacy/subject_pdf.html",
            report=report,
            printed_on=local_today(),
            current_language=EXPORT_LANGUAGE,
        )
    return pdf_response(data, f"{filename}.pdf")


def erase():
    form = EraseForm()
    if not form.validate_on_submit():
        return _render_admin(form, 422)
    subject_ = _subject(form)
    if not form.confirmed.data:
        report = subject_access(subject_)
        status = 200
        if form.step.data == "confirm":  # the confirmation form, sent without the tick
            form.confirmed.errors.append(_("Tick the box to confirm, or go back."))
            status = 422
        return render_template("privacy/erase.html", form=form, report=report), status
    try:
        results = erase_subject(subject_, current_user)
    except PrivacyError as error:
        flash(str(error), "info")
        return redirect(url_for("privacy.admin"))
    flash(
        _(
            "Contact data anonymised. Contact persons: %(contacts)d; initiatives: %(cases)d; "
            "files whose content was deleted: %(files)d.",
            contacts=sum(result.contacts for result in results),
            cases=len(results),
            files=sum(result.files for result in results),
        ),
        "success",
    )
    return redirect(url_for("privacy.admin"))
