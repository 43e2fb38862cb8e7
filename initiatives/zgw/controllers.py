"""Request handlers: the case page's push button and files for the archive, and the admin's page
of the mapping tables. Everything answers 404 while the export is off."""

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from initiatives.cases.controllers import back_to_case, load_case, load_case_for_editing
from initiatives.cases.stages import Result
from initiatives.core.access import require
from initiatives.core.notices import notify
from initiatives.zgw import config, operations
from initiatives.zgw.case_section import may_push
from initiatives.zgw.client import ZgwClient, ZgwError
from initiatives.zgw.forms import PushForm, table_form
from initiatives.zgw.mapping import STAGE_ORDER, admin_table
from initiatives.zgw.models import MappingKind

SECTION = "zgw"


def _settings_or_404():
    settings = config.settings()
    if settings is None:
        abort(404)
    return settings


def push(initiative_id):
    _settings_or_404()
    initiative = load_case(initiative_id)
    require(may_push(initiative, current_user))
    if not PushForm().validate_on_submit():
        abort(400)
    report = operations.push(initiative, current_user)
    for problem in report.problems:
        notify(problem, "warning", place=SECTION)
    if report.error is not None:
        return _failed(initiative, report)
    sent = len(report.sent)
    message = (
        _("Sent to the case system.")
        + " "
        + (
            ngettext("%(num)d new object.", "%(num)d new objects.", sent)
            if sent
            else _("Nothing new to send.")
        )
    )
    return back_to_case(initiative, SECTION, message)


def _failed(initiative, report):
    notify(report.error.message, "error", place=SECTION)
    return back_to_case(initiative, SECTION, _("The rest is sent with the next push."))


def archive_files(initiative_id):
    _settings_or_404()
    initiative = load_case_for_editing(initiative_id)
    if not PushForm().validate_on_submit():
        abort(400)
    marked = set(request.form.getlist("archive"))
    for attachment in initiative.attachments:
        if attachment.has_content:
            operations.mark_for_archive(attachment, current_user, str(attachment.id) in marked)
    return back_to_case(initiative, SECTION, _("The files for the archive are saved."))


def admin():
    settings = _settings_or_404()
    saved = {f"status-{code}": url for code, url in admin_table(MappingKind.STATUS).items()}
    saved |= {f"result-{code}": url for code, url in admin_table(MappingKind.RESULT).items()}
    form = table_form(request.form if request.method == "POST" else None, data=saved)
    if request.method == "POST" and form.validate_on_submit():
        statuses = {str(stage): form[f"status-{stage}"].data for stage in STAGE_ORDER}
        results = {str(result): form[f"result-{result}"].data for result in Result}
        changed = operations.save_table(MappingKind.STATUS, statuses, current_user)
        changed = operations.save_table(MappingKind.RESULT, results, current_user) or changed
        notify(_("The tables are saved.") if changed else _("Nothing changed."))
    catalogue, error = None, None
    try:
        catalogue = operations.read_catalogue(ZgwClient(settings))
    except ZgwError as failure:
        error = failure.message
    statustypen = (
        sorted(catalogue.statustypen, key=lambda item: item.get("volgnummer", 0)) if catalogue else []
    )
    return render_template(
        "zgw/admin.html",
        form=form,
        stages=STAGE_ORDER,
        results=list(Result),
        from_environment={"status": settings.statuses, "result": settings.results},
        statustypen=statustypen,
        roltypen=catalogue.roltypen if catalogue else [],
        catalogue_error=error,
        settings=settings,
    )
