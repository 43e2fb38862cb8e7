"""Request handlers for the printable documents."""

from flask import Response, render_template, request
from flask_login import current_user

from initiatives.cases.controllers import load_case
from initiatives.core.pdf import pdf_response
from initiatives.dashboard.map_figures import MapLevel, MapMeasure
from initiatives.organisation.operations import wijken
from initiatives.reports import operations
from initiatives.reports.dossier import dossier_pdf
from initiatives.vocabularies.models import Theme
from initiatives.vocabularies.operations import terms


def dossier(initiative_id):
    initiative = load_case(initiative_id)
    return pdf_response(dossier_pdf(initiative, current_user), f"dossier-initiatief-{initiative.id}.pdf")


def docx_response(data, filename):
    response = Response(
        data, mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def report_filename(selection, extension):
    return f"raadsinformatiebrief-initiatieven-{selection.start.isoformat()}-{selection.end.isoformat()}.{extension}"


def council():
    selection, report = operations.council_report(request.args)
    return render_template(
        "reports/council_page.html",
        selection=selection,
        wijken=wijken(),
        themes=terms(Theme),
        map_measures=list(MapMeasure),
        map_levels=list(MapLevel),
        **operations.report_context(report),
    )


def council_pdf():
    selection, report = operations.council_report(request.args)
    return pdf_response(operations.council_pdf(report, current_user), report_filename(selection, "pdf"))


def council_docx():
    selection, report = operations.council_report(request.args)
    return docx_response(
        operations.council_docx_bytes(report, current_user), report_filename(selection, "docx")
    )
