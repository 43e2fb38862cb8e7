"""The council report as PDF or DOCX, for the secretary's own tools."""

from flask_login import current_user
from marshmallow import fields
from werkzeug.datastructures import MultiDict

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems
from initiatives.api.schemas import ApiSchema, day
from initiatives.core.access import roles_allowed
from initiatives.core.pdf import pdf_response
from initiatives.core.roles import Role
from initiatives.reports import controllers, operations

TAGS = ["Reports"]
BINARY = {"type": "string", "format": "binary"}


class CouncilArguments(ApiSchema):
    from_ = day(data_key="from", metadata={"description": "First day of the period (default: 1 January)."})
    to = day(metadata={"description": "Last day of the period (default: today)."})
    neighbourhood = fields.String(
        metadata={"description": "CBS codes of wijken, comma-separated (default: the whole municipality)."}
    )
    theme = fields.String(metadata={"description": "Theme code."})


def _report(arguments):
    args = MultiDict()
    if arguments.get("from_"):
        args["from"] = arguments["from_"].isoformat()
    if arguments.get("to"):
        args["to"] = arguments["to"].isoformat()
    for code in (arguments.get("neighbourhood") or "").split(","):
        if code.strip():
            args.add("neighbourhood", code.strip())
    if arguments.get("theme"):
        args["theme"] = arguments["theme"]
    return operations.council_report(args)


@bp.route("/reports/council.pdf", endpoint="council_report_pdf", tags=TAGS)
@roles_allowed(Role.SECRETARY)
@bp.arguments(CouncilArguments, location="query")
@bp.response(200, BINARY, content_type="application/pdf", description="The tagged PDF (PDF/UA-1).")
@documents_problems(bp, 401, 403, 422)
def council_report_pdf(arguments):
    """The council report (raadsinformatiebrief) as a tagged PDF: figures and anonymised summaries."""
    selection, report = _report(arguments)
    return pdf_response(
        operations.council_pdf(report, current_user), controllers.report_filename(selection, "pdf")
    )


@bp.route("/reports/council.docx", endpoint="council_report_docx", tags=TAGS)
@roles_allowed(Role.SECRETARY)
@bp.arguments(CouncilArguments, location="query")
@bp.response(
    200,
    BINARY,
    content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    description="The editable Word document.",
)
@documents_problems(bp, 401, 403, 422)
def council_report_docx(arguments):
    """The council report as an editable Word document with real headings and tables."""
    selection, report = _report(arguments)
    return controllers.docx_response(
        operations.council_docx_bytes(report, current_user), controllers.report_filename(selection, "docx")
    )
