"""The cases' API schemas: a case, its timeline, its initiators and its history. Free texts are
`CaseText`s, anonymised for readers who do not work on the case (`cases.personal_data`)."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import ValidationError, fields, validate, validates_schema

from initiatives.api.schemas import (
    ApiSchema,
    PageArguments,
    Reference,
    codes_of,
    enum,
    optional_email,
    page_of,
    text,
    work_day,
)
from initiatives.auth.models import User
from initiatives.cases.kind_details import kind_details
from initiatives.cases.location import location_problem
from initiatives.cases.models import ActivityKind, CaseKind, Channel, Initiative
from initiatives.cases.personal_data import case_texts
from initiatives.cases.queries import CaseFilters, WithdrawnCases
from initiatives.cases.stages import Result, Stage
from initiatives.organisation.models import Neighbourhood
from initiatives.vocabularies.models import Skill, Theme


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


def withdrawn_cases():
    """Whether a list holds withdrawn cases: `hide` (the default), `include` or `only`."""
    return enum(
        WithdrawnCases,
        load_default=WithdrawnCases.HIDE,
        metadata={"description": "Withdrawn cases: hide (the default), include or only."},
    )


def case_filters(arguments):
    """The case list's filters (`CaseFilters`, as on the page) from an API request's loaded
    arguments, so that a filter means the same on the page, in the API's list and in its exports.
    Arguments that are no filter (page, per_page, personal_data) are left out."""
    args = {}
    for name, value in arguments.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        args[name] = str(value)
    return CaseFilters.from_args(args)


class InitiativeListArguments(PageArguments):
    q = fields.String(
        metadata={
            "description": "Words to search; results are ranked by relevance. A case whose contact "
            "details you may not see is found by its texts with residents' personal data redacted."
        }
    )
    stage = enum(Stage)
    neighbourhood = fields.String(
        metadata={"description": "CBS codes, comma-separated; a wijk includes its buurten."}
    )
    owner = fields.String(metadata={"description": "Username of the owner."})
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
    possible_duplicate = fields.Boolean(
        metadata={
            "description": "true: only cases the mailbox import marked as possibly duplicating open "
            "ones (mogelijk dubbel); false: only the others."
        }
    )
    withdrawn = withdrawn_cases()


def degrees(description):
    """A latitude or longitude in degrees (WGS84)."""
    number = _l("Enter a number of degrees, for example 52.0907.")
    return fields.Float(
        required=True,
        allow_nan=False,
        error_messages={"invalid": number, "special": number},
        metadata={"description": description},
    )


class LocationSchema(ApiSchema):
    """Where the idea takes place (a square, a park, a street): a WGS84 point in the Netherlands,
    never a resident's home address."""

    latitude = degrees("Degrees north (WGS84), between 50.75 and 53.7.")
    longitude = degrees("Degrees east (WGS84), between 3.2 and 7.22.")


def location_field(**kwargs):
    return fields.Nested(
        LocationSchema,
        allow_none=True,
        metadata={
            "description": "Where the idea takes place, as a point on the map (never a resident's "
            "home address); null: none."
        },
        **kwargs,
    )


KIND_DESCRIPTION = "initiative (a citizen initiative) or right_to_challenge (the uitdaagrecht)."


class InitiativeSummarySchema(ScreenedSchema):
    id = fields.Integer()
    kind = enum(CaseKind, metadata={"description": KIND_DESCRIPTION})
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
    merged_into = fields.Integer(
        attribute="merged_into_id",
        allow_none=True,
        metadata={
            "description": "The case this one was merged into (a duplicate: left out of lists and figures); null if not."
        },
    )
    in_council_report = fields.Boolean(
        metadata={"description": "False: left out of the council report (e.g. a confidential or test case)."}
    )
    location = location_field()
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
    possible_duplicate_of = fields.Method(
        "possible_duplicates_of",
        metadata={
            "type": "array",
            "items": {"type": "integer"},
            "description": "The ids of the open cases the mailbox import found this one looks like "
            "(mogelijk dubbel), until the team clears the mark; empty if none.",
        },
    )
    challenge = fields.Method(
        "challenge_of",
        metadata={
            "oneOf": [{"$ref": "#/components/schemas/Challenge"}, {"type": "null"}],
            "description": "A right to challenge's proposal, deadline and decision (change it at "
            "/initiatives/{id}/challenge); null for an initiative.",
        },
    )

    def possible_duplicates_of(self, initiative):
        return [mark.candidate_id for mark in initiative.possible_duplicates]

    def challenge_of(self, initiative):
        return kind_details("challenge", initiative)

    def address_for_reader(self, initiative):
        return initiative.address if initiative.can_view_contacts(current_user) else None


class NewInitiativeSchema(ApiSchema):
    kind = enum(CaseKind, load_default=CaseKind.INITIATIVE, metadata={"description": KIND_DESCRIPTION})
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
    location = location_field(load_default=None)


class InitiativeChangesSchema(ApiSchema):
    """The fields to change; those left out stay as they are."""

    kind = enum(CaseKind, metadata={"description": KIND_DESCRIPTION})
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
    location = location_field()


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
    visible_to_initiators = fields.Boolean(
        metadata={"description": "Shown (date and kind, not the note) on the initiators' status page."}
    )
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
    visible_to_initiators = fields.Boolean(
        load_default=False,
        metadata={"description": "Show it (date and kind, not the note) on the initiators' status page."},
    )


class ActivityVisibilitySchema(ApiSchema):
    visible_to_initiators = fields.Boolean(
        required=True,
        metadata={
            "description": "Show the entry (date and kind, not the note) on the initiators' status page, or not."
        },
    )


class InitiatorSchema(ApiSchema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String()
    phone = fields.String()
    address = fields.String(metadata={"description": "Home address: street, house number, postcode, place."})
    organisation = fields.String()
    status_mail_consent_on = fields.Date(
        allow_none=True,
        metadata={"description": "The day they agreed to get the case's status mails; null: no consent."},
    )
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
    status_mail_consent = fields.Boolean(
        load_default=None,
        metadata={"description": "They agree to get the case's status mails (the day is recorded)."},
    )


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


InitiativePageSchema = page_of(
    InitiativeSummarySchema,
    "InitiativePage",
    total_capped=fields.Boolean(
        metadata={
            "description": "True when there are more cases than were counted (a list counts up to "
            "10,000, a search with `q` its matches up to 1,000): `total` is then a lower bound, "
            "always past the next page, so paging on until a page comes back short still reaches "
            "every case."
        }
    ),
)
ActivityPageSchema = page_of(ActivitySchema, "ActivityPage")
InitiatorPageSchema = page_of(InitiatorSchema, "InitiatorPage")
HistoryPageSchema = page_of(HistoryEntrySchema, "HistoryPage")


DEGREES_NUMBER = _l("Enter a number of degrees, for example 52.0907.")


class SimilarArguments(ApiSchema):
    """What is known of a case being registered: at least a text, a contact or an address."""

    title = text(200, metadata={"description": "The new case's title."})
    description = text(10_000, metadata={"description": "The new case's description."})
    neighbourhood = Reference(Neighbourhood, metadata={"description": "CBS code of its wijk or buurt."})
    email = fields.String(
        validate=[validate.Length(max=254, error=_l("At most %(max)d characters.", max=254)), optional_email],
        metadata={"description": "A contact person's e-mail address (any case of letters)."},
    )
    phone = text(40, metadata={"description": "A contact person's phone number, in any notation."})
    address = text(200, metadata={"description": "The street address the idea is tied to."})
    latitude = fields.Float(
        allow_nan=False,
        error_messages={"invalid": DEGREES_NUMBER, "special": DEGREES_NUMBER},
        metadata={"description": "Where the idea takes place: degrees north (WGS84), with longitude."},
    )
    longitude = fields.Float(
        allow_nan=False,
        error_messages={"invalid": DEGREES_NUMBER, "special": DEGREES_NUMBER},
        metadata={"description": "Where the idea takes place: degrees east (WGS84), with latitude."},
    )

    @validates_schema
    def a_whole_point_in_the_netherlands(self, data, **kwargs):
        latitude, longitude = data.get("latitude"), data.get("longitude")
        problem = location_problem(latitude, longitude)
        if problem is not None:
            raise ValidationError(
                problem, "longitude" if latitude is not None and longitude is None else "latitude"
            )

    @validates_schema
    def something_to_compare(self, data, **kwargs):
        if data.get("latitude") is not None and data.get("longitude") is not None:
            return
        if not any(
            (data.get(name) or "").strip() for name in ("title", "description", "email", "phone", "address")
        ):
            raise ValidationError(
                _l(
                    "Give a title, a description, an e-mail address, a phone number, an address or a "
                    "location to compare."
                )
            )


class SimilarReasonSchema(ApiSchema):
    code = fields.String(
        metadata={
            "description": "similar_text, same_contact_email, same_contact_phone, same_address, same_street, "
            "same_location (within 250 m) or same_neighbourhood. A contact or address is compared only "
            "on cases whose contact details you may see; a location (never a home address) on all."
        }
    )
    title = fields.String(metadata={"description": "The reason in words, in the client's language."})


class SimilarCaseSchema(ApiSchema):
    id = fields.Integer(attribute="initiative.id")
    title = fields.Method("case_title", metadata={"type": "string"})
    stage = enum(Stage, attribute="initiative.stage")
    neighbourhood = Reference(Neighbourhood, attribute="initiative.neighbourhood")
    owner = Reference(User, key="username", attribute="initiative.owner")
    score = fields.Float(metadata={"description": "How alike, from 0 to 1."})
    reasons = fields.Method("reason_list", metadata={"type": "array", "items": {"type": "object"}})
    personal_data_hidden = fields.Method("texts_screened", metadata={"type": "boolean"})

    def case_title(self, match):
        return case_texts(match.initiative)(match.initiative.title)

    def reason_list(self, match):
        return [
            {"code": code, "title": str(title)}
            for code, title in zip(match.reasons, match.reason_titles, strict=False)
        ]

    def texts_screened(self, match):
        return case_texts(match.initiative).hidden


class SimilarCasesSchema(ApiSchema):
    items = fields.List(fields.Nested(SimilarCaseSchema))
