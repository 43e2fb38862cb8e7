"""The stakeholders' API schemas. A named person (`name`) is sent only to those who may see the
case's contact details; everyone reads `label`, the stakeholder as they may see it."""

from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from initiatives.api.schemas import ApiSchema, Reference, Row, distinct_ids, enum, page_of, text
from initiatives.auth.models import User
from initiatives.cases.api.schemas import ScreenedSchema
from initiatives.cases.models import Activity, Initiator
from initiatives.cases.personal_data import case_texts
from initiatives.organisation.models import Department
from initiatives.stakeholders.kinds import OrganisationKind, Side, StakeholderRole, Stance
from initiatives.stakeholders.naming import person_of, stakeholder_label
from initiatives.stakeholders.operations import NAME_MAX_LENGTH, NOTE_MAX_LENGTH, ORGANISATION_MAX_LENGTH


def _score(**kwargs):
    return fields.Integer(
        validate=validate.Range(min=1, max=5, error=_l("Choose a number from 1 to 5.")),
        metadata={"description": "1 (little) to 5 (much)."},
        **kwargs,
    )


def _department(**kwargs):
    return Row(
        Department,
        allow_none=True,
        metadata={"description": "The department's id in the admin's list: needed inside, refused outside."},
        **kwargs,
    )


def _contact_person(**kwargs):
    return Row(
        Initiator,
        data_key="initiator_id",
        allow_none=True,
        metadata={"description": "A contact person of the case (outside): linked, not copied."},
        **kwargs,
    )


def _activities(**kwargs):
    return fields.List(
        Row(Activity),
        data_key="activity_ids",
        validate=distinct_ids,
        metadata={
            "description": "Ids of the case's timeline entries they took part in (their last contact)."
        },
        **kwargs,
    )


def _organisation_kind(**kwargs):
    return enum(
        OrganisationKind,
        allow_none=True,
        metadata={"description": "Outside: the kind of organisation (null when not given); refused inside."},
        **kwargs,
    )


def _hidden(stakeholder):
    return case_texts(stakeholder.initiative).hidden


class StanceRecordSchema(ApiSchema):
    date = fields.Date(attribute="recorded_on")
    stance = enum(Stance)
    who = Reference(User, attribute="actor", key="username", metadata={"description": "Who recorded it."})
    note = fields.Method("screened_note", metadata={"type": "string"})

    def screened_note(self, row):
        return case_texts(row.stakeholder.initiative)(row.note) if row.note else ""


class StakeholderSchema(ScreenedSchema):
    id = fields.Integer()
    initiative_id = fields.Integer(metadata={"description": "The case."})
    side = enum(Side)
    role = enum(StakeholderRole, metadata={"description": "After the ZGW role types."})
    stance = enum(Stance)
    influence = fields.Integer(metadata={"description": "1 (little) to 5 (much)."})
    interest = fields.Integer(metadata={"description": "1 (little) to 5 (much)."})
    department = fields.Integer(
        attribute="department_id", allow_none=True, metadata={"description": "Inside: the department's id."}
    )
    organisation = fields.String(metadata={"description": "Outside: the organisation."})
    organisation_kind = enum(
        OrganisationKind,
        allow_none=True,
        metadata={"description": "Outside: the kind of organisation, or null."},
    )
    name = fields.Method(
        "person",
        metadata={
            "type": "string",
            "nullable": True,
            "description": "The colleague or contact person (of a linked contact person, theirs); "
            "null for readers who may not see the case's contact details.",
        },
    )
    initiator_id = fields.Integer(allow_none=True, metadata={"description": "A linked contact person."})
    label = fields.Method(
        "labelled",
        metadata={"type": "string", "description": "The stakeholder as this reader may see it."},
    )
    last_contact_on = fields.Date(
        allow_none=True, metadata={"description": "The latest timeline entry they took part in."}
    )
    activity_ids = fields.Method("activities_of", metadata={"type": "array", "items": {"type": "integer"}})
    stance_history = fields.List(
        fields.Nested(StanceRecordSchema), attribute="stances", metadata={"description": "Oldest first."}
    )
    version = fields.Integer(metadata={"description": "Send it back in If-Match to change the stakeholder."})
    created_at = fields.DateTime()

    def person(self, stakeholder):
        return None if _hidden(stakeholder) else person_of(stakeholder)

    def labelled(self, stakeholder):
        return stakeholder_label(stakeholder, hidden=_hidden(stakeholder))

    def activities_of(self, stakeholder):
        return sorted(activity.id for activity in stakeholder.activities)


class NewStakeholderSchema(ApiSchema):
    side = enum(Side, required=True)
    role = enum(StakeholderRole, required=True)
    stance = enum(Stance, load_default=Stance.UNKNOWN)
    influence = _score(required=True)
    interest = _score(required=True)
    department = _department(load_default=None)
    organisation = text(ORGANISATION_MAX_LENGTH, load_default="")
    organisation_kind = _organisation_kind(load_default=None)
    name = text(NAME_MAX_LENGTH, load_default="", metadata={"description": "A colleague or contact person."})
    initiator = _contact_person(load_default=None)
    activities = _activities(load_default=list)
    note = text(
        NOTE_MAX_LENGTH, load_default="", metadata={"description": "Why this stance (kept in its history)."}
    )


class StakeholderChangesSchema(ApiSchema):
    """The fields to change; those left out stay. A new stance is kept in the history with `note`."""

    side = enum(Side)
    role = enum(StakeholderRole)
    stance = enum(Stance)
    influence = _score()
    interest = _score()
    department = _department()
    organisation = text(ORGANISATION_MAX_LENGTH)
    organisation_kind = _organisation_kind()
    name = text(NAME_MAX_LENGTH)
    initiator = _contact_person()
    activities = _activities()
    note = text(NOTE_MAX_LENGTH, metadata={"description": "Why the stance changed (kept in its history)."})


StakeholderPageSchema = page_of(StakeholderSchema, "StakeholderPage")
