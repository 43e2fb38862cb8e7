"""Exports of the cases as CSV or XLSX, with the case list's filters; anonymised by default."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import fields

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems, raise_problem
from initiatives.api.schemas import ApiSchema, enum
from initiatives.cases.api.access import CASE_READERS
from initiatives.cases.api.schemas import case_filters, withdrawn_cases
from initiatives.cases.models import CaseKind, Channel
from initiatives.cases.stages import Stage
from initiatives.core.access import roles_allowed
from initiatives.exports.downloads import CONTENT_TYPES, CSV, XLSX, export_response
from initiatives.exports.operations import may_export_personal_data

TAGS = ["Exports"]
BINARY = {"type": "string", "format": "binary"}


class ExportArguments(ApiSchema):
    q = fields.String(metadata={"description": "Words to search."})
    stage = enum(Stage)
    neighbourhood = fields.String(
        metadata={"description": "CBS codes, comma-separated; a wijk includes its buurten."}
    )
    owner = fields.String(metadata={"description": "Username of the owner."})
    theme = fields.String(metadata={"description": "Theme code."})
    channel = enum(Channel)
    kind = enum(
        CaseKind,
        metadata={
            "description": "Only cases of this kind: initiative (a citizen initiative) or "
            "right_to_challenge (the uitdaagrecht)."
        },
    )
    overdue = fields.Boolean(
        metadata={
            "description": "true: only open cases whose follow-up date has passed; false: only the others."
        }
    )
    withdrawn = withdrawn_cases()
    personal_data = fields.Boolean(
        load_default=False,
        metadata={
            "description": "Include residents' contact details, for neighbourhood managers only (403 "
            "for others): filled for the cases you work on, other rows stay anonymised. Logged."
        },
    )


def _export(file_format, arguments):
    if arguments["personal_data"] and not may_export_personal_data(current_user):
        raise_problem(403, _l("Only neighbourhood managers may export personal data."))
    return export_response(file_format, case_filters(arguments), personal_data=arguments["personal_data"])


@bp.route("/exports/initiatives.csv", endpoint="export_initiatives_csv", tags=TAGS)
@roles_allowed(*CASE_READERS)
@bp.arguments(ExportArguments, location="query")
@bp.response(200, BINARY, content_type="text/csv", description="The CSV file.")
@documents_problems(bp, 401, 403, 422)
def export_initiatives_csv(arguments):
    """Export the cases as CSV for Dutch Excel: semicolons, UTF-8 with BOM, ISO dates.

    One row per case, by case number. Without `personal_data`, residents' names, e-mail addresses,
    phone numbers and addresses are left out, and redacted from every text.
    """
    return _export(CSV, arguments)


@bp.route("/exports/initiatives.xlsx", endpoint="export_initiatives_xlsx", tags=TAGS)
@roles_allowed(*CASE_READERS)
@bp.arguments(ExportArguments, location="query")
@bp.response(200, BINARY, content_type=CONTENT_TYPES[XLSX], description="The workbook.")
@documents_problems(bp, 401, 403, 422)
def export_initiatives_xlsx(arguments):
    """Export the cases as an Excel workbook: cases, stages, activities, barriers and helps.

    Header rows frozen, filters on, dates as dates. Anonymised as the CSV is, unless
    `personal_data` is asked for.
    """
    return _export(XLSX, arguments)
