"""Making the council report: the selection from the URL, the renderings, the audit entry."""

from flask_babel import force_locale
from flask_babel import gettext as _

from initiatives.audit.operations import record_access
from initiatives.core.dates import local_today
from initiatives.core.pdf import render_pdf
from initiatives.dashboard.charts import dashboard_charts
from initiatives.dashboard.map_chart import dashboard_map
from initiatives.extensions import db
from initiatives.reports.council import CouncilSelection, build_council_report
from initiatives.reports.docx_writer import council_docx
from initiatives.reports.methodology import METHODOLOGY_NL

#: The council report is a Dutch public document, whatever language its maker reads.
REPORT_LANGUAGE = "nl"


def report_title(selection):
    return _(
        "Council information letter: citizen initiatives, %(start)s to %(end)s",
        start=selection.start.strftime("%d-%m-%Y"),
        end=selection.end.strftime("%d-%m-%Y"),
    )


def council_report(args):
    """Return (selection, report) for the URL arguments `args`, in Dutch."""
    today = local_today()
    selection = CouncilSelection.from_args(args, db.session, today)
    with force_locale(REPORT_LANGUAGE):
        return selection, build_council_report(db.session, selection, today)


def report_context(report):
    return {
        "report": report,
        "charts": dashboard_charts(report.dashboard),
        "area_map": dashboard_map(
            db.session, report.dashboard, report.selection.map_measure, chart_id="report-map"
        ),
        "map_measure": report.selection.map_measure,
        "methodology": METHODOLOGY_NL,
        "title": report_title(report.selection),
    }


def _log(report, file_format, user):
    record_access(
        "export.council_report",
        actor=user,
        summary=f"council report ({file_format}) downloaded",
        data={"format": file_format, **report.selection.to_args()},
    )


def council_pdf(report, user):
    with force_locale(REPORT_LANGUAGE):
        data = render_pdf("reports/council.html", **report_context(report))
    _log(report, "pdf", user)
    return data


def council_docx_bytes(report, user):
    with force_locale(REPORT_LANGUAGE):
        data = council_docx(report, report_title(report.selection))
    _log(report, "docx", user)
    return data
