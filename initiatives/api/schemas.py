"""The API's marshmallow schemas: they validate requests, shape responses and, through
flask-smorest and apispec, make the OpenAPI document. Codes (CBS codes, theme and skill codes)
stand for reference data; enums are sent by value.
"""

from datetime import date

import marshmallow as ma
import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import fields, validate

from initiatives.auth.models import User
from initiatives.barriers.lifecycle import BarrierStatus, Effect, HelpStatus, Provider
from initiatives.barriers.models import Barrier, BarrierCategory, HelpCategory
from initiatives.cases.models import ActivityKind, Channel, Initiative
from initiatives.cases.personal_data import case_texts
from initiatives.cases.queries import WithdrawnCases
from initiatives.cases.stages import OPEN_STAGES, Result, Stage
from initiatives.core.dates import FIRST_YEAR, LAST_YEAR, work_date_problem
from initiatives.core.roles import Role
from initiatives.extensions import db
from initiatives.organisation.models import Department, Neighbourhood
from initiatives.vocabularies.models import Skill, Theme

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


def _case_of(row):
    return row if isinstance(row, Initiative) else row.initiative


class CaseText(fields.String):
    """A free text of a case (or of its activity, barrier or help), as the reader may see it:
    anonymised for those who do not work on the case (`cases.personal_data`)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value:
            value = case_texts(_case_of(obj))(value)
        return super()._serialize(value, attr, obj, **kwargs)


class ScreenedSchema(ApiSchema):
    """A case or a row of one whose free texts are `CaseText`s: it says when they are anonymised."""

    personal_data_hidden = fields.Method(
        "texts_screened",
        metadata={
            "type": "boolean",
            "description": "True when residents' personal data in the free texts is anonymised for "
            "this reader (who does not work on the case).",
        },
    )

    def texts_screened(self, row):
        return case_texts(_case_of(row)).hidden


def not_blank(value):
    if not value.strip():
        raise ma.ValidationError(_("This field cannot be empty."))


def distinct(rows):
    if len({row.id for row in rows}) != len(rows):
        raise ma.ValidationError(_("Each code may appear only once."))


def distinct_ids(rows):
    if len({row.id for row in rows}) != len(rows):
        raise ma.ValidationError(_("Each id may appear only once."))


def open_stage(stage):
    if stage not in OPEN_STAGES:
        raise ma.ValidationError(_("Choose one of: %(choices)s.", choices=", ".join(OPEN_STAGES)))


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


def page_of(item_schema, name):
    """Return the schema of a page of `item_schema`: items, total, page and per_page."""
    return ApiSchema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema)),
            "total": fields.Integer(metadata={"description": "Items in all pages."}),
            "page": fields.Integer(),
            "per_page": fields.Integer(),
        },
        name=name,
    )


# -- account and reference data ---------------------------------------------------------------


class MeSchema(ApiSchema):
    username = fields.String()
    full_name = fields.String()
    role = enum(Role)
    neighbourhoods = fields.List(
        fields.String(),
        attribute="neighbourhood_codes",
        metadata={"description": "CBS codes of the wijken the user works in."},
    )


class NeighbourhoodSchema(ApiSchema):
    id = fields.Integer()
    code = fields.String(metadata={"description": "CBS code: WK... for a wijk, BU... for a buurt."})
    name = fields.String()
    wijk = Reference(
        Neighbourhood,
        attribute="parent",
        allow_none=True,
        metadata={"description": "The wijk a buurt lies in; null for a wijk."},
    )
    active = fields.Boolean()


# -- cases ------------------------------------------------------------------------------------


def withdrawn_cases():
    """Whether a list holds withdrawn cases: `hide` (the default), `include` or `only`."""
    return enum(
        WithdrawnCases,
        load_default=WithdrawnCases.HIDE,
        metadata={"description": "Withdrawn cases: hide (the default), include or only."},
    )


class InitiativeListArguments(PageArguments):
    q = fields.String(
        metadata={
            "description": "Words to search; results are ranked by relevance. A case whose contact "
            "details you may not see is found by its texts with residents' personal data redacted."
        }
    )
    stage = enum(Stage)
    neighbourhood = fields.String(metadata={"description": "CBS code; a wijk includes its buurten."})
    owner = fields.String(metadata={"description": "Username of the owner."})
    overdue = fields.Boolean(metadata={"description": "Open cases whose follow-up date has passed."})
    withdrawn = withdrawn_cases()


class InitiativeSummarySchema(ScreenedSchema):
    id = fields.Integer()
    title = CaseText()
    stage = enum(Stage)
    neighbourhood = Reference(Neighbourhood)
    channel = enum(Channel)
    received_on = fields.Date()
    themes = fields.List(Reference(Theme))
    owner = Reference(User, key="username")
    next_step = CaseText()
    follow_up_on = fields.Date(allow_none=True)
    overdue = fields.Method("is_overdue", metadata={"type": "boolean"})
    withdrawn = fields.Boolean(
        attribute="is_withdrawn",
        metadata={"description": "Registered by mistake or twice: kept, but left out of lists and figures."},
    )
    in_council_report = fields.Boolean(
        metadata={"description": "False: left out of the council report (e.g. a confidential or test case)."}
    )
    version = fields.Integer(metadata={"description": "Send it back in If-Match to change the case."})
    last_activity_at = fields.DateTime()

    def is_overdue(self, initiative):
        return initiative.is_overdue()


class InitiativeSchema(InitiativeSummarySchema):
    description = CaseText()
    address = fields.Method(
        "address_for_reader",
        metadata={
            "type": ["string", "null"],
            "description": "May be a resident's address: null for those who may not see contact data.",
        },
    )
    support_requested = CaseText()
    team = fields.List(Reference(User, key="username"))
    result = enum(Result, allow_none=True)
    lessons = CaseText()
    closed_on = fields.Date(allow_none=True)
    withdrawn_at = fields.DateTime(allow_none=True)
    withdrawn_reason = CaseText(
        allow_none=True, metadata={"description": "Why it was withdrawn; null if not."}
    )
    created_at = fields.DateTime()
    updated_at = fields.DateTime()

    def address_for_reader(self, initiative):
        return initiative.address if initiative.can_view_contacts(current_user) else None


class NewInitiativeSchema(ApiSchema):
    title = text(200, required=True, blank=False)
    description = fields.String(required=True)
    neighbourhood = Reference(Neighbourhood, required=True, metadata={"description": "CBS code."})
    channel = enum(Channel, required=True)
    received_on = work_day(required=True)
    themes = codes_of(Theme, load_default=list, metadata={"description": "Theme codes."})
    address = text(200, load_default="")
    support_requested = fields.String(load_default="")
    next_step = text(300, load_default="")
    follow_up_on = work_day(load_default=None, allow_none=True)


class InitiativeChangesSchema(ApiSchema):
    """The fields to change; those left out stay as they are."""

    title = text(200, blank=False)
    description = fields.String()
    neighbourhood = Reference(Neighbourhood, metadata={"description": "CBS code."})
    channel = enum(Channel)
    received_on = work_day()
    themes = codes_of(Theme, metadata={"description": "Theme codes."})
    address = text(200)
    support_requested = fields.String()
    next_step = text(300)
    follow_up_on = work_day(allow_none=True, metadata={"description": "Not for a closed or withdrawn case."})
    in_council_report = fields.Boolean(
        metadata={
            "description": "False leaves the case out of the council report; it says how many, not which."
        }
    )


class TransitionSchema(ApiSchema):
    to = enum(Stage, required=True)
    reason = fields.String(
        load_default="", metadata={"description": "Needed for a move back, a skip or a reopening."}
    )
    result = enum(Result, load_default=None, allow_none=True, metadata={"description": "Needed to close."})
    lessons = fields.String(load_default="", metadata={"description": "Needed to close."})


class ReasonSchema(ApiSchema):
    reason = text(5000, required=True, blank=False, metadata={"description": "Why; kept in the history."})


class ActivityCorrectionSchema(ApiSchema):
    note = text(20000, required=True, metadata={"description": "The note as it should read."})
    reason = text(5000, required=True, blank=False, metadata={"description": "Why; kept in the history."})


class CorrectionSchema(ApiSchema):
    """An earlier version of a note, and why it was corrected."""

    previous_note = CaseText(metadata={"description": "The note before this correction."})
    reason = CaseText()
    corrected_by = Reference(User, key="username", attribute="actor")
    corrected_at = fields.DateTime()


class ActivitySchema(ScreenedSchema):
    id = fields.Integer()
    kind = enum(ActivityKind)
    happened_on = fields.Date()
    practice = enum(Stage, metadata={"description": "The practice (stage) the activity serves."})
    skills = fields.List(Reference(Skill), metadata={"description": "Skill codes."})
    note = CaseText()
    author = Reference(User, key="username")
    created_at = fields.DateTime()
    voided = fields.Boolean(
        attribute="is_voided",
        metadata={"description": "Voided as a mistake: shown (struck through) only to the case's team."},
    )
    voided_at = fields.DateTime(allow_none=True)
    voided_by = Reference(User, key="username", allow_none=True)
    void_reason = CaseText()
    corrected = fields.Method("was_corrected", metadata={"type": "boolean"})
    corrections = fields.List(
        fields.Nested(CorrectionSchema),
        metadata={
            "description": "Earlier versions of the note, oldest first: for the case's team only (empty for others)."
        },
    )

    def was_corrected(self, activity):
        return bool(activity.corrections)

    def get_attribute(self, obj, attr, default):
        if attr == "corrections" and not obj.initiative.can_edit(current_user):
            return []  # the earlier texts are for those who work on the case
        return super().get_attribute(obj, attr, default)


class NewActivitySchema(ApiSchema):
    kind = enum(ActivityKind, required=True)
    happened_on = work_day(required=True)
    practice = enum(Stage, required=True)
    skills = codes_of(Skill, load_default=list, metadata={"description": "Skill codes."})
    note = fields.String(load_default="")


class InitiatorSchema(ApiSchema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String()
    phone = fields.String()
    address = fields.String(metadata={"description": "Home address: street, house number, postcode, place."})
    organisation = fields.String()
    created_at = fields.DateTime()


class NewInitiatorSchema(ApiSchema):
    name = text(120, required=True, blank=False)
    email = fields.String(
        load_default="",
        validate=[validate.Length(max=254, error=_l("At most %(max)d characters.", max=254)), optional_email],
    )
    phone = text(40, load_default="")
    address = text(200, load_default="", metadata={"description": "Home address."})
    organisation = text(120, load_default="")


class HistoryEntrySchema(ApiSchema):
    """A stage change or an audited change of the case, newest first."""

    type = fields.String(
        validate=validate.OneOf(["stage_change", "change"]),
        metadata={"description": "stage_change (a move) or change (any other audited change)."},
    )
    at = fields.DateTime()
    actor = fields.String(allow_none=True, metadata={"description": "Username; null for the system."})
    from_stage = enum(Stage, allow_none=True)
    to_stage = enum(Stage, allow_none=True)
    reason = fields.String(allow_none=True)
    result = enum(Result, allow_none=True)
    action = fields.String(allow_none=True, metadata={"description": "E.g. initiative.updated."})
    summary = fields.String(allow_none=True)
    details = fields.Dict(
        allow_none=True,
        metadata={
            "description": "What the change recorded: old and new values per field, or the values. "
            'Free text that may name residents reads "[redacted]": the log tells that it changed.'
        },
    )


# -- barriers and helps -----------------------------------------------------------------------


class CategorySchema(ApiSchema):
    code = fields.String(metadata={"description": "Stable code; it never changes."})
    label_nl = fields.String()
    label_en = fields.String()
    active = fields.Boolean(metadata={"description": "False for a retired category: history only."})


class CategoriesSchema(ApiSchema):
    barriers = fields.List(fields.Nested(CategorySchema), metadata={"description": "In the admin's order."})
    helps = fields.List(fields.Nested(CategorySchema), metadata={"description": "In the admin's order."})


class DepartmentSchema(ApiSchema):
    id = fields.Integer()
    name = fields.String()


def department_id(description="Department id, or null.", **kwargs):
    return Row(Department, allow_none=True, metadata={"description": description}, **kwargs)


def barrier_ids(**kwargs):
    return fields.List(
        Row(Barrier),
        validate=distinct_ids,
        metadata={"description": "Ids of the barriers of the same case that the help addresses."},
        **kwargs,
    )


class BarrierSchema(ScreenedSchema):
    id = fields.Integer()
    initiative_id = fields.Integer(metadata={"description": "The case."})
    category = Reference(BarrierCategory, metadata={"description": "Barrier category code."})
    description = CaseText()
    department = fields.Nested(DepartmentSchema, allow_none=True, metadata={"description": "Where it arose."})
    stage = enum(Stage, metadata={"description": "The stage the case was in when it arose."})
    raised_on = fields.Date()
    status = enum(BarrierStatus, metadata={"description": "accepted: lived with, unresolved."})
    resolved_on = fields.Date(allow_none=True, metadata={"description": "When resolved or accepted."})
    help_ids = fields.Method(
        "helps_of",
        metadata={"type": "array", "items": {"type": "integer"}, "description": "Helps that addressed it."},
    )
    version = fields.Integer(metadata={"description": "Send it back in If-Match to change the barrier."})
    created_by = Reference(User, key="username")
    created_at = fields.DateTime()

    def helps_of(self, barrier):
        return sorted(effect.help_id for effect in barrier.effects)


class NewBarrierSchema(ApiSchema):
    category = Reference(BarrierCategory, required=True, metadata={"description": "Barrier category code."})
    description = text(5000, load_default="")
    department = department_id(load_default=None)
    stage = enum(
        Stage,
        load_default=None,
        validate=open_stage,
        metadata={"description": "An open stage; by default the stage the case is in."},
    )
    raised_on = work_day(load_default=None, metadata={"description": "By default today."})


class BarrierChangesSchema(ApiSchema):
    """The fields to change; those left out stay as they are."""

    category = Reference(BarrierCategory, metadata={"description": "Barrier category code."})
    description = text(5000)
    department = department_id()
    stage = enum(Stage, validate=open_stage, metadata={"description": "An open stage."})
    raised_on = work_day()
    status = enum(BarrierStatus)
    resolved_on = work_day(
        allow_none=True, metadata={"description": "When resolved or accepted; by default today."}
    )


class HelpSchema(ScreenedSchema):
    id = fields.Integer()
    initiative_id = fields.Integer(metadata={"description": "The case."})
    category = Reference(HelpCategory, metadata={"description": "Help category code."})
    description = CaseText()
    provider = enum(Provider, metadata={"description": "Who provides or decides."})
    department = fields.Nested(
        DepartmentSchema, allow_none=True, metadata={"description": "The providing department."}
    )
    status = enum(HelpStatus, metadata={"description": "requested -> granted | refused -> applied."})
    requested_on = fields.Date()
    requested_by = Reference(User, key="username")
    decided_on = fields.Date(allow_none=True)
    decided_by = CaseText(metadata={"description": "Who granted or refused it: a name or function."})
    applied_on = fields.Date(allow_none=True)
    barrier_ids = fields.Method(
        "barriers_of",
        metadata={"type": "array", "items": {"type": "integer"}, "description": "The barriers it addresses."},
    )
    effects = fields.Method(
        "effects_of",
        metadata={
            "type": "object",
            "additionalProperties": {"type": "string", "enum": [effect.value for effect in Effect]},
            "description": "Barrier id -> effect, once the help has been applied.",
        },
    )
    version = fields.Integer(metadata={"description": "Send it back in If-Match to change the help."})
    created_at = fields.DateTime()

    def barriers_of(self, item):
        return [effect.barrier_id for effect in item.effects]

    def effects_of(self, item):
        return {str(effect.barrier_id): str(effect.effect) for effect in item.effects if effect.effect}


class NewHelpSchema(ApiSchema):
    category = Reference(HelpCategory, required=True, metadata={"description": "Help category code."})
    provider = enum(Provider, required=True, metadata={"description": "Who provides or decides."})
    description = text(5000, load_default="")
    department = department_id(
        "The providing department's id: needed with provider department, refused with another.",
        load_default=None,
    )
    requested_on = work_day(load_default=None, metadata={"description": "By default today."})
    barrier_ids = barrier_ids(load_default=list)


class HelpChangesSchema(ApiSchema):
    """The fields to change, and at most one status move; fields left out stay as they are."""

    category = Reference(HelpCategory, metadata={"description": "Help category code."})
    provider = enum(Provider)
    description = text(5000)
    department = department_id()
    barrier_ids = barrier_ids()
    status = enum(
        HelpStatus,
        metadata={"description": "Move the help: requested -> granted | refused -> applied."},
    )
    decided_on = work_day(metadata={"description": "With status granted or refused; by default today."})
    decided_by = text(120, metadata={"description": "Needed with status granted or refused."})
    applied_on = work_day(metadata={"description": "With status applied; by default today."})
    effects = fields.Dict(
        keys=fields.Integer(),
        values=enum(Effect),
        metadata={"description": "With status applied: barrier id -> effect; left out means none."},
    )


InitiativePageSchema = page_of(InitiativeSummarySchema, "InitiativePage")
NeighbourhoodPageSchema = page_of(NeighbourhoodSchema, "NeighbourhoodPage")
ActivityPageSchema = page_of(ActivitySchema, "ActivityPage")
InitiatorPageSchema = page_of(InitiatorSchema, "InitiatorPage")
HistoryPageSchema = page_of(HistoryEntrySchema, "HistoryPage")
BarrierPageSchema = page_of(BarrierSchema, "BarrierPage")
HelpPageSchema = page_of(HelpSchema, "HelpPage")
