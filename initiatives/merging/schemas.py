"""Merging's API schemas: asking to merge a case into another, and the merge as answered. The
reasons are not answered (free text that may name a resident): the case's history tells them."""

from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from initiatives.api.schemas import MAX_ROW_ID, ApiSchema, Reference, enum, text
from initiatives.auth.models import User
from initiatives.cases.operations import REASON_LENGTH
from initiatives.merging.models import MergeState


class MergeRequestSchema(ApiSchema):
    into = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=1, max=MAX_ROW_ID, error=_l("Enter the number of the other case.")),
        error_messages={
            "required": _l("Enter the number of the other case."),
            "invalid": _l("Enter the number of the other case."),
        },
        metadata={"description": "The id of the case (B) that gets what this case (A) has."},
    )
    reason = text(
        REASON_LENGTH, required=True, blank=False, metadata={"description": "Why; kept in the history."}
    )


class MergeSchema(ApiSchema):
    id = fields.Integer()
    merged_case = fields.Integer(attribute="from_id", metadata={"description": "The case merged (A)."})
    merged_into = fields.Integer(
        attribute="into_id", metadata={"description": "The case that got its records (B)."}
    )
    state = enum(
        MergeState,
        metadata={"description": "pending (waits for the other owner), declined, merged or undone."},
    )
    requested_by = Reference(User, key="username")
    requested_at = fields.DateTime()
    confirmed_by = Reference(User, key="username", allow_none=True)
    confirmed_at = fields.DateTime(allow_none=True)
    declined_by = Reference(User, key="username", allow_none=True)
    declined_at = fields.DateTime(allow_none=True)
    undone_by = Reference(User, key="username", allow_none=True)
    undone_at = fields.DateTime(allow_none=True)
