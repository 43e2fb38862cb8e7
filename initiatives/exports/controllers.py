"""Request handlers for the exports from the case list."""

from flask import request

from initiatives.cases.queries import CaseFilters
from initiatives.exports.downloads import CSV, XLSX, export_response

#: Query-string values that switch `personal_data` on.
TRUE_VALUES = {"1", "true", "on", "yes"}


def _export(file_format):
    filters = CaseFilters.from_args(request.args)
    personal_data = request.args.get("personal_data", "").strip().lower() in TRUE_VALUES
    return export_response(file_format, filters, personal_data=personal_data)


def cases_csv():
    """Download the cases of the case list's filters as CSV."""
    return _export(CSV)


def cases_xlsx():
    """Download the cases of the case list's filters as an Excel workbook."""
    return _export(XLSX)
