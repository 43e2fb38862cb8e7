"""The data of an audit entry as rows people read: a field name and its value, in their language.

The log stores codes and ISO dates ({"stage": ["intake", "mapping"], "raised_on": "2026-12-06"});
the log page shows "Stage: Intake → Mapping" and "Raised on: 6 dec 2026". A value the code does not
know (a reason added later, say) is shown as the code it is, marked as such for the template.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime

from flask import g
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from initiatives.audit import vocabulary
from initiatives.audit.operations import FREE_TEXT_FIELDS, REDACTED
from initiatives.core.anonymise import redact
from initiatives.core.roles import Role
from initiatives.core.sizes import human_size

#: Field names in the audit data, in the order they are told.
FIELD_LABELS = {
    "title": _l("Title"),
    "description": _l("Description"),
    "neighbourhood": _l("Neighbourhood"),
    "address": _l("Address or place"),
    "channel": _l("Came in by"),
    "received_on": _l("Date of first contact"),
    "themes": _l("Themes"),
    "support_requested": _l("Support asked for"),
    "next_step": _l("Next step"),
    "follow_up_on": _l("Follow up on"),
    "in_council_report": _l("In the council report"),
    "category": _l("Category"),
    "provider": _l("Who provides or decides"),
    "department": _l("Department"),
    "stage": _l("Stage"),
    "raised_on": _l("Raised on"),
    "status": _l("Status"),
    "resolved_on": _l("Resolved or accepted on"),
    "requested_on": _l("Asked on"),
    "decided_on": _l("Decided on"),
    "decided_by": _l("Decided by"),
    "applied_on": _l("Applied on"),
    "effects": _l("Effects"),
}
#: The other names in the audit data: of stage moves, activities, accounts, exports, sign-ins...
OTHER_LABELS = {
    "reason": _l("Reason"),
    "result": _l("Result"),
    "lessons": _l("Lessons learned"),
    "owner": _l("Owner"),
    "note": _l("Note"),
    "team": _l("Team"),
    "kind": _l("Kind"),
    "practice": _l("Practice"),
    "skills": _l("Skills"),
    "fields": _l("Details given"),
    "name": _l("Name"),
    "email": _l("E-mail address"),
    "phone": _l("Phone number"),
    "organisation": _l("Organisation"),
    "initiative": _l("Case"),
    "content_type": _l("Kind of file"),
    "size": _l("Size"),
    "via": _l("Shown on"),
    "format": _l("File format"),
    "filters": _l("Filters"),
    "personal_data": _l("With contact details"),
    "rows": _l("Cases"),
    "from": _l("From"),
    "to": _l("Up to and including"),
    "status_code": _l("Answer"),
    "http_method": _l("Kind of request"),
    "method": _l("Way of signing in"),
    "path": _l("Address (URL)"),
    "endpoint": _l("Page"),
    "username": _l("Username"),
    "full_name": _l("Full name"),
    "role": _l("Role"),
    "active": _l("In use"),
    "neighbourhoods": _l("Neighbourhoods"),
    "step": _l("Step"),
    "sessions_ended": _l("Sessions ended"),
    "remaining": _l("Recovery codes left"),
    "by_admin": _l("By an administrator"),
    "user": _l("Account"),
    "expires_at": _l("Valid until"),
    "tokens": _l("API tokens"),
    "issuer": _l("Sign-in provider"),
    "subject": _l("Person at the provider"),
    "confirmed_by": _l("Confirmed by"),
    "code": _l("Code"),
    "label_nl": _l("Dutch label"),
    "label_en": _l("English label"),
    "position": _l("Position"),
    "parent": _l("Wijk"),
    "contacts": _l("Contact persons"),
    "texts": _l("Texts anonymised"),
    "files": _l("Files deleted"),
    "dry_run": _l("Trial run"),
    "cutoff": _l("Closed on or before"),
    "retention_months": _l("Retention period (months)"),
    "cases": _l("Cases"),
    "output": _l("Answered as"),
    "contact_ids": _l("Contact person numbers"),
    "case_ids": _l("Case numbers"),
    "other_case_ids": _l("Case numbers mentioning them"),
    "count": _l("Number"),
    "purpose": _l("Asked for"),
    "since": _l("Since"),
    "minute": _l("In the minute from"),
    "first_id": _l("First case number"),
    "last_id": _l("Last case number"),
    "seed": _l("Seed"),
    "activities": _l("Activities"),
    "barriers": _l("Barriers"),
    "helps": _l("Helps"),
}
#: The kinds of text an anonymisation counts (`privacy.anonymisation.Anonymisation.texts`).
TEXT_KIND_LABELS = {
    "activity_notes": _l("Timeline"),
    "stage_change_reasons": _l("Reason for a stage move"),
    "barrier_descriptions": _l("Barriers"),
    "help_descriptions": _l("Helps"),
    "help_deciders": _l("Decided by"),
    "file_names": _l("File name"),
}
LABELS = FIELD_LABELS | OTHER_LABELS | TEXT_KIND_LABELS
#: What a data value that is a code means, per field name (enum-like values the code writes); the
#: domains add theirs (`vocabulary.register_value_labels`), such as the reasons for an erasure.
CODE_TITLES = {
    "method": {
        "password": _l("password"),
        "totp": _l("password and code from the app"),
        "recovery_code": _l("password and recovery code"),
        "oidc": _l("single sign-on"),
    },
    "step": {
        "password": _l("password"),
        "second_factor": _l("code from the app"),
        "sso_binding": _l("linking to single sign-on"),
    },
    "reason": {
        "idle": _l("inactive for too long"),
        "lifetime": _l("signed in for too long"),
        "deactivated": _l("account deactivated"),
        "password_changed": _l("password changed"),
        "second_factor_reset": _l("two-step verification reset"),
        "wrong": _l("wrong code"),
        "reused": _l("code used before"),
        "claim_missing": _l("the provider did not give the username"),
        "unknown": _l("no account with that username"),
        "bound_to_other": _l("the account is linked to someone else"),
        "already_bound": _l("the account is already linked"),
        "missing": _l("nothing waiting to be linked"),
        "expired": _l("waited too long"),
    },
    "via": {
        "case page": _l("the case page"),
        "contact form": _l("the contact person's form"),
        "api initiators": _l("the API (contact persons)"),
    },
    "confirmed_by": {"password": _l("password")},
    "purpose": {
        "password_change": _l("changing the password"),
        "api_token": _l("making an API token"),
        "two_factor_removal": _l("switching off two-step verification"),
    },
    "output": {"screen": _l("on screen"), "pdf": _l("PDF"), "json": _l("JSON")},
    "status_code": {401: _l("401: not signed in"), 403: _l("403: not allowed")},
}
#: Fields whose values are codes or addresses for technicians, never sentences: shown as code.
CODE_FIELDS = frozenset(
    {"http_method", "path", "endpoint", "content_type", "issuer", "subject", "seed", "code"}
)
#: Kinds of object whose "name" is the name of a part of the municipality, never a resident's.
NAMED_UNITS = frozenset({"neighbourhoods", "departments"})
#: Per action, names of its data that mean something else there than elsewhere.
ALIASES = {"access.denied": {"status": "status_code", "method": "http_method"}}
#: Fields whose values are members of an enum with titles; the domains add theirs (a case's stage,
#: a help's provider: `vocabulary.register_enum_field`), and the status field means the status of
#: the kind of object the entry is about (`vocabulary.register_status_titles`).
ENUM_FIELDS = {"role": Role}
#: Fields that hold dates (ISO text).
DATE_FIELDS = frozenset(
    {
        "received_on",
        "follow_up_on",
        "raised_on",
        "resolved_on",
        "requested_on",
        "decided_on",
        "applied_on",
        "cutoff",
        "expires_at",
        "from",
        "to",
        "raised_from",
        "raised_to",
        "requested_from",
        "requested_to",
    }
)
#: Fields that hold a moment (ISO text with a time).
DATETIME_FIELDS = frozenset({"since", "minute"})
#: Fields that hold codes of an admin-editable list, shown by their label.
TERM_FIELDS = {
    "themes": "themes",
    "theme": "themes",
    "skills": "skills",
    "barrier_category": "barrier_categories",
    "help_category": "help_categories",
    "resolved_by_help": "help_categories",
}
#: Which list the `category` and `code` fields of an entry belong to, by its object.
TERMS_BY_OBJECT = {
    "barriers": "barrier_categories",
    "helps": "help_categories",
    "themes": "themes",
    "skills": "skills",
    "barrier_categories": "barrier_categories",
    "help_categories": "help_categories",
}
EMPTY = "—"


@dataclass(frozen=True)
class DetailRow:
    label: str
    value: str
    #: The value is a code the application does not know by name: shown as code, not as a sentence.
    is_code: bool = False


def shown_data(value, object_type=""):
    """Audit data as the log page shows it: free texts that may name a resident (older entries
    logged some, such as who decided on a help) as "[redacted]", and any e-mail address, phone
    number, postcode or street address in other texts anonymised. A code the application wrote
    itself (a reason such as "idle") names no one and stays, and so does the name of a wijk or a
    department."""
    if isinstance(value, dict):
        return {key: _shown_item(key, item, object_type) for key, item in value.items()}
    if isinstance(value, list):
        return [shown_data(item) for item in value]
    return redact(value) if isinstance(value, str) else value


def _shown_item(key, item, object_type):
    if key not in FREE_TEXT_FIELDS or item in ("", None, REDACTED):
        return shown_data(item)
    if isinstance(item, str) and item in (code_titles(key) or ()):
        return item
    if key == "name" and object_type in NAMED_UNITS:
        return shown_data(item)
    return REDACTED


def code_titles(name):
    """{code: title} of the codes the application writes in field `name`; None for other fields."""
    own, registered = CODE_TITLES.get(name), vocabulary.value_labels(name)
    if own is None and not registered:
        return None
    return {**(own or {}), **registered}


def enum_of(name):
    """The enum whose members are the values of field `name`, or None."""
    return ENUM_FIELDS.get(name) or vocabulary.enum_of(name)


def field_label(name):
    label = LABELS.get(name)
    return str(label) if label is not None else name


def stage_title(value):
    stage = enum_of("stage")
    try:
        return str(stage(value).title)
    except (TypeError, ValueError):  # no stages registered, or not one of them
        return str(value)


def _term_labels(table):
    """Code -> label in the reader's language of the list `table`, read once per request."""
    cache = g.setdefault("audit_term_labels", {})
    if table not in cache:
        cache[table] = vocabulary.term_labels(table)
    return cache[table]


def term_label(object_type, code):
    """The label of `code` in the list the entry's object belongs to; the code when unknown."""
    table = TERMS_BY_OBJECT.get(object_type)
    if table is None:
        return str(code)
    return _term_labels(table).get(code, str(code))


class _Unknown(Exception):
    """A value the application does not know how to tell: shown as it is."""


def _enum_title(enum, value):
    try:
        return str(enum(value).title)
    except ValueError:
        raise _Unknown from None


def _date_text(value):
    try:
        return format_date(date.fromisoformat(str(value)[:10]))
    except ValueError:
        raise _Unknown from None


def _datetime_text(value):
    try:
        return format_datetime(datetime.fromisoformat(str(value)))
    except ValueError:
        raise _Unknown from None


def _scalar_text(name, value, object_type):
    """A single value of field `name` for people; raises _Unknown for a code it cannot tell."""
    if value is None or value == "" or value == []:
        return EMPTY
    if value == REDACTED:
        return _("not shown: it may hold personal data")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if (titles := code_titles(name)) is not None:
        title = titles.get(value)
        if title is None:
            raise _Unknown
        return str(title)
    if name == "status" and (status := vocabulary.status_enum_of(object_type)) is not None:
        return _enum_title(status, value)
    if (enum := enum_of(name)) is not None:
        return _enum_title(enum, value)
    if name in DATE_FIELDS:
        return _date_text(value)
    if name in DATETIME_FIELDS:
        return _datetime_text(value)
    if name in TERM_FIELDS:
        return _term_labels(TERM_FIELDS[name]).get(value, str(value))
    if name == "category" and object_type in TERMS_BY_OBJECT:
        return term_label(object_type, value)
    if name == "size" and isinstance(value, int):
        return human_size(value)
    if name == "format":
        return str(value).upper()
    return str(value)


def _value_text(name, value, object_type):
    if isinstance(value, list):
        if name == "fields":  # the contact person's fields that were given or changed
            return ", ".join(field_label(item).lower() for item in value) or EMPTY
        return ", ".join(_scalar_text(name, item, object_type) for item in value) or EMPTY
    if name == "effects" and isinstance(value, dict):  # {barrier id: effect}
        told = [
            _("barrier %(number)s: %(effect)s", number=barrier, effect=_scalar_text("effect", effect, None))
            for barrier, effect in value.items()
        ]
        return ", ".join(told) or EMPTY
    if isinstance(value, dict):  # the filters of an export, the texts an anonymisation changed
        told = [f"{field_label(key)}: {_value_text(key, item, None)}" for key, item in value.items()]
        return "; ".join(told) or EMPTY
    return _scalar_text(name, value, object_type)


def _row(name, value, object_type, *, pair):
    """One row; `pair` when the value is [old, new] of a change."""
    if name in CODE_FIELDS:
        if pair and isinstance(value, list) and len(value) == 2:
            value = value[1] if value[0] in (None, "") else f"{value[0]} → {value[1]}"
        return DetailRow(field_label(name), str(value), is_code=True)
    try:
        if pair and isinstance(value, list) and len(value) == 2:
            old, new = (_value_text(name, item, object_type) for item in value)
            text = new if value[0] in (None, "", []) else f"{old} → {new}"
        else:
            text = _value_text(name, value, object_type)
    except _Unknown:
        return DetailRow(
            field_label(name),
            json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value,
            is_code=True,
        )
    return DetailRow(field_label(name), text)


#: Actions whose data is {field: [old, new] or REDACTED}: told by the fields they changed.
CHANGE_ACTIONS = frozenset(
    {
        "initiative.updated",
        "barrier.updated",
        "help.updated",
        "user.updated",
        "neighbourhood.updated",
        "department.updated",
        "themes.updated",
        "skills.updated",
        "barrier_categories.updated",
        "help_categories.updated",
    }
)
#: Actions whose data values are all [old, new] pairs (`operations.changes`; from nothing when made).
PAIR_ACTIONS = CHANGE_ACTIONS | {
    "help.granted",
    "help.refused",
    "help.applied",
    "neighbourhood.created",
    "department.created",
    "themes.created",
    "skills.created",
    "barrier_categories.created",
    "help_categories.created",
}
#: Fields that are [old, new] pairs whatever the action.
PAIR_FIELDS = frozenset({"stage", "owner", "team"})


def detail_rows(entry):
    """The entry's data as rows for people, redacted as `shown_data` does; known fields first."""
    aliases = ALIASES.get(entry.action, {})
    shown = shown_data(entry.data or {}, entry.object_type)
    data = {aliases.get(name, name): value for name, value in shown.items()}
    names = [name for name in LABELS if name in data] + sorted(name for name in data if name not in LABELS)
    pairs = entry.action in PAIR_ACTIONS
    return [_row(name, data[name], entry.object_type, pair=pairs or name in PAIR_FIELDS) for name in names]
