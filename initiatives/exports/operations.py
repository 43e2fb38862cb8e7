"""The rules and the audit trail of exports: who may include personal data, and the log entries.

An export is a read: its entries are written whatever the download's fate (`record_access`),
once the request's reads are done and before the export itself streams.
"""

from dataclasses import asdict, fields
from datetime import date

from initiatives.audit.operations import record_access
from initiatives.core.roles import Role

EXPORT_ACTION = "export.cases"
PERSONAL_DATA_ACTION = "export.personal_data"
#: CaseFilters fields that are not filters.
NOT_FILTERS = ("errors", "sort")


def may_export_personal_data(user):
    """Neighbourhood managers may include contact details (then only of the cases they work on)."""
    return user.is_authenticated and user.role == Role.NEIGHBOURHOOD_MANAGER


def filter_values(filters):
    """The filters in use (not at their defaults), as JSON values for the audit log."""
    defaults = {field.name: field.default for field in fields(filters)}
    values = {}
    for name, value in asdict(filters).items():
        if name in NOT_FILTERS or value is None or value == "" or value == defaults.get(name):
            continue
        values[name] = value.isoformat() if isinstance(value, date) else value
    if "q" in values:  # search words may be a resident's name: log that there were some
        values["q"] = "[search words]"
    return values


def record_export(actor, *, file_format, filters, personal_data, rows):
    """Log an export; one with personal data is logged a second time as its own action."""
    data = {
        "format": file_format,
        "filters": filter_values(filters),
        "personal_data": personal_data,
        "rows": rows,
    }
    summary = f"exported {rows} cases as {file_format}"
    record_access(EXPORT_ACTION, actor=actor, summary=summary, data=data)
    if personal_data:
        summary = f"exported {rows} cases as {file_format} with the contact details the user may see"
        record_access(PERSONAL_DATA_ACTION, actor=actor, summary=summary, data=data)
