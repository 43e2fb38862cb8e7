"""The data of an audit entry as rows people read: a field name and its value, in their language.

The log stores codes and ISO dates ({"stage": ["intake", "mapping"], "raised_on": "2026-12-06"});
the log page shows "Stage: Intake → Mapping" and "Raised on: 6 dec 2026". A value the code does not
know (a reason added later, say) is shown as the code it is, marked as such for the template. The
words themselves (field labels, code titles, kinds of field) are in `words`.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime

from flask import g
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _

from initiatives.audit import vocabulary
from initiatives.audit.operations import FREE_TEXT_FIELDS, REDACTED
from initiatives.audit.words import (
    ALIASES,
    CODE_FIELDS,
    DATE_FIELDS,
    DATETIME_FIELDS,
    LABELS,
    NAMED_UNITS,
    TERM_FIELDS,
    TERMS_BY_OBJECT,
    code_titles,
    enum_of,
    field_label,
)
from initiatives.core.anonymise.anonymiser import redact
from initiatives.core.sizes import human_size

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
        "notifications.preferences_changed",
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
