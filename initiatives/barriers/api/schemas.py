"""The barriers' API schemas: barriers, helps and their categories."""

import marshmallow as ma
from flask_babel import gettext as _
from marshmallow import fields

from initiatives.api.schemas import (
    ApiSchema,
    Reference,
    Row,
    distinct_ids,
    enum,
    page_of,
    text,
    work_day,
)
from initiatives.auth.models import User
from initiatives.barriers.lifecycle import BarrierStatus, Effect, HelpStatus, Provider
from initiatives.barriers.models import Barrier, BarrierCategory, HelpCategory
from initiatives.cases.api.schemas import CaseText, ScreenedSchema
from initiatives.cases.stages import OPEN_STAGES, Stage
from initiatives.organisation.models import Department


def open_stage(stage):
    if stage not in OPEN_STAGES:
        raise ma.ValidationError(_("Choose one of: %(choices)s.", choices=", ".join(OPEN_STAGES)))


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


def stakeholder_field(**kwargs):
    return fields.Integer(
        allow_none=True,
        strict=True,
        metadata={"description": "Id of an inside stakeholder of the same case that it came from, or null."},
        **kwargs,
    )


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
    stakeholder_id = fields.Integer(
        allow_none=True, metadata={"description": "The inside stakeholder of the case it came from, or null."}
    )
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
    stakeholder_id = stakeholder_field(load_default=None)
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
    stakeholder_id = stakeholder_field()
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
    answer_due_on = fields.Date(
        allow_none=True, metadata={"description": "The day an answer is due, if one was agreed."}
    )
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
    answer_due_on = work_day(
        load_default=None,
        allow_none=True,
        metadata={"description": "The day an answer is due (optional; in the requester's calendar feed)."},
    )
    barrier_ids = barrier_ids(load_default=list)


class HelpChangesSchema(ApiSchema):
    """The fields to change, and at most one status move; fields left out stay as they are."""

    category = Reference(HelpCategory, metadata={"description": "Help category code."})
    provider = enum(Provider)
    description = text(5000)
    department = department_id()
    barrier_ids = barrier_ids()
    answer_due_on = work_day(
        allow_none=True, metadata={"description": "The day an answer is due; null for none."}
    )
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


BarrierPageSchema = page_of(BarrierSchema, "BarrierPage")
HelpPageSchema = page_of(HelpSchema, "HelpPage")
