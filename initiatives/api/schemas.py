"""The API's own schema parts, which every domain's API schemas use: the base schema whose
validation messages follow the client's language, fields for reference data, rows, dates and
texts, and pagination. Codes (CBS codes, theme and skill codes) stand for reference data; enums
are sent by value.
"""

from datetime import date

import marshmallow as ma
import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from initiatives.core.dates import FIRST_YEAR, LAST_YEAR, work_date_problem
from initiatives.extensions import db

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100

#: Messages every field may give, in the client's language.
COMMON_FIELD_MESSAGES = {
    "required": _l("This field is required."),
    "null": _l("This field cannot be null."),
    "validator_failed": _l("This value is not valid."),
}

#: The "not a valid ..." message per field type; the first matching type applies.
INVALID_VALUE_MESSAGES = (
    (fields.Boolean, _l("Enter true or false.")),
    (fields.Integer, _l("Enter a whole number.")),
    (fields.Date, _l("Enter a date as YYYY-MM-DD.")),
    (fields.List, _l("Send a list.")),
    (fields.Dict, _l("Send a JSON object.")),
    (fields.String, _l("Send text.")),
)


def _translate_messages(field):
    messages = dict(COMMON_FIELD_MESSAGES)
    for field_type, message in INVALID_VALUE_MESSAGES:
        if isinstance(field, field_type):
            messages["invalid"] = message
            break
    if isinstance(field, fields.Enum):
        messages["unknown"] = _l("Choose one of: %(choices)s.", choices=field.choices_text)
    field.error_messages = {**field.error_messages, **messages}
    if isinstance(field, fields.List):
        _translate_messages(field.inner)
    if isinstance(field, fields.Dict):
        for inner in (field.key_field, field.value_field):
            if inner is not None:
                _translate_messages(inner)


class ApiSchema(ma.Schema):
    """A schema whose validation messages follow the client's language."""

    error_messages = {
        "unknown": _l("This field is not known here."),
        "type": _l("Send a JSON object."),
    }

    def on_bind_field(self, field_name, field_obj):
        _translate_messages(field_obj)


# -- fields and validators --------------------------------------------------------------------


class Reference(fields.String):
    """A row of reference data named by a key (a code or username): loads the row, dumps the key."""

    def __init__(self, model, key="code", **kwargs):
        super().__init__(**kwargs)
        self.model = model
        self.key = key

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else getattr(value, self.key)

    def _deserialize(self, value, attr, data, **kwargs):
        key = super()._deserialize(value, attr, data, **kwargs).strip()
        row = db.session.scalar(sa.select(self.model).where(getattr(self.model, self.key) == key))
        if row is None:
            raise ma.ValidationError(_("Unknown code: %(code)s.", code=key))
        return row


#: The largest id a row can have (PostgreSQL's integer).
MAX_ROW_ID = 2**31 - 1
#: The last page anyone could ask for; larger numbers overflow the database's OFFSET.
MAX_PAGE = 1_000_000


class Row(fields.Integer):
    """A row named by its id: loads the row, dumps the id."""

    def __init__(self, model, **kwargs):
        super().__init__(**kwargs)
        self.model = model

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else value.id

    def _deserialize(self, value, attr, data, **kwargs):
        row_id = super()._deserialize(value, attr, data, **kwargs)
        # Ids are 32-bit integers in PostgreSQL (64-bit in SQLite): a larger number names no row,
        # and the database would refuse it as a query parameter.
        row = db.session.get(self.model, row_id) if 1 <= row_id <= MAX_ROW_ID else None
        if row is None:
            raise ma.ValidationError(_("Unknown id: %(id)s.", id=row_id))
        return row


def not_blank(value):
    if not value.strip():
        raise ma.ValidationError(_("This field cannot be empty."))


def distinct(rows):
    if len({row.id for row in rows}) != len(rows):
        raise ma.ValidationError(_("Each code may appear only once."))


def distinct_ids(rows):
    if len({row.id for row in rows}) != len(rows):
        raise ma.ValidationError(_("Each id may appear only once."))


def codes_of(model, **kwargs):
    """A list of codes naming rows of `model`, each at most once."""
    return fields.List(Reference(model), validate=distinct, **kwargs)


def optional_email(value):
    if value and not _looks_like_email(value):
        raise ma.ValidationError(_("Enter a valid e-mail address."))


def _looks_like_email(value):
    try:
        validate.Email()(value)
    except ma.ValidationError:
        return False
    return True


def day(**kwargs):
    """A date (ISO) in the years the app takes: far-off ones are typing errors that overflow later."""
    first, last = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
    message = _l("Enter a date between %(first)s and %(last)s.", first=FIRST_YEAR, last=LAST_YEAR)
    return fields.Date(validate=validate.Range(min=first, max=last, error=message), **kwargs)


def _work_date(value):
    problem = work_date_problem(value)
    if problem is not None:
        raise ma.ValidationError(str(problem))


def work_day(**kwargs):
    """A date of a case's work: from 1990 up to two years ahead, as on the pages (`work_date_problem`)."""
    return fields.Date(validate=_work_date, **kwargs)


def text(max_length, *, required=False, blank=True, **kwargs):
    """A text field of at most `max_length` characters."""
    validators = [validate.Length(max=max_length, error=_l("At most %(max)d characters.", max=max_length))]
    if not blank:
        validators.append(not_blank)
    return fields.String(required=required, validate=validators, **kwargs)


def enum(enum_class, **kwargs):
    return fields.Enum(enum_class, by_value=True, **kwargs)


# -- pagination -------------------------------------------------------------------------------


class PageArguments(ApiSchema):
    page = fields.Integer(
        load_default=1,
        validate=[
            validate.Range(min=1, error=_l("Enter a number of at least 1.")),
            validate.Range(max=MAX_PAGE, error=_l("There is no page with that number.")),
        ],
        metadata={"description": "The page, counting from 1."},
    )
    per_page = fields.Integer(
        load_default=DEFAULT_PAGE_SIZE,
        validate=validate.Range(min=1, error=_l("Enter a number of at least 1.")),
        metadata={"description": f"Items per page; at most {MAX_PAGE_SIZE}, larger values are capped."},
    )

    @ma.post_load
    def cap_page_size(self, data, **kwargs):
        data["per_page"] = min(data["per_page"], MAX_PAGE_SIZE)
        return data


def page_of(item_schema, name, **more_fields):
    """Return the schema of a page of `item_schema`: items, total, page and per_page, and
    `more_fields` (name: field) after them."""
    return ApiSchema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema)),
            "total": fields.Integer(metadata={"description": "Items in all pages."}),
            "page": fields.Integer(),
            "per_page": fields.Integer(),
            **more_fields,
        },
        name=name,
    )
