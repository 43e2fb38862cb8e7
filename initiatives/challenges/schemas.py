"""The challenge's API schemas: the `challenge` object of a right-to-challenge case (on the case
and at /initiatives/{id}/challenge) and its changes. Free texts are `CaseText`s."""

from marshmallow import fields

from initiatives.api.schemas import ApiSchema, day, enum, text
from initiatives.cases.api.schemas import CaseText, ScreenedSchema
from initiatives.challenges import deadlines
from initiatives.challenges.kinds import Decision
from initiatives.challenges.models import Challenge
from initiatives.challenges.operations import AMOUNT_MAX, TASK_MAX_LENGTH, TEXT_MAX_LENGTH, challenge_of


def _amount(**kwargs):
    return fields.Decimal(
        places=2,
        as_string=False,
        allow_none=True,
        metadata={"description": "Euros, 0 or more.", "minimum": 0, "maximum": AMOUNT_MAX},
        **kwargs,
    )


def challenge_or_blank(initiative):
    """The case's challenge, or (while nothing of it is recorded) a blank one at version 0, not added
    to the session."""
    challenge = challenge_of(initiative)
    if challenge is None:
        challenge = Challenge(initiative=initiative, term_weeks=deadlines.decision_term_weeks(), version=0)
        challenge.reviews = []
    return challenge


class AgreementSchema(ApiSchema):
    takes_over = CaseText(metadata={"description": "What the challengers take over."})
    agreed_result = CaseText()
    budget = fields.Float(allow_none=True, metadata={"description": "Euros."})
    ends_on = fields.Date(attribute="agreement_ends_on", allow_none=True)
    review_dates = fields.Method(
        "reviews_of", metadata={"type": "array", "items": {"type": "string", "format": "date"}}
    )

    def reviews_of(self, challenge):
        return [review.review_on.isoformat() for review in challenge.reviews]


class ChallengeSchema(ScreenedSchema):
    task = fields.String(
        attribute="task_name",
        metadata={"description": "The task challenged (from the admin's list, or free text)."},
    )
    task_id = fields.Integer(allow_none=True, metadata={"description": "The task's id in the admin's list."})
    excluded_because = fields.String(
        attribute="exclusion",
        allow_none=True,
        metadata={
            "description": "Why the verordening excludes the task: the challenge is inadmissible. Null if not."
        },
    )
    better_because = CaseText()
    involvement = CaseText()
    support_evidence = CaseText()
    cost_estimate = fields.Float(allow_none=True, metadata={"description": "Euros."})
    requested_support = CaseText()
    quality_guarantee = CaseText()
    term_weeks = fields.Integer(
        metadata={"description": "The municipality's term when the challenge came in."}
    )
    decision_due_on = fields.Method("due_on", metadata={"type": "string", "format": "date"})
    due_change_reason = CaseText(metadata={"description": "Why the deadline was changed for this case."})
    decision = enum(Decision, allow_none=True)
    decided_on = fields.Date(allow_none=True)
    decision_grounds = CaseText()
    decided_within_term = fields.Method("within_term", metadata={"type": ["boolean", "null"]})
    agreement = fields.Method(
        "agreement_of", metadata={"type": ["object", "null"], "description": "When granted."}
    )
    evaluation = CaseText()
    evaluated_on = fields.Date(allow_none=True)
    version = fields.Integer(
        metadata={"description": "Send it back in If-Match to change the challenge (0: none yet)."}
    )

    def due_on(self, challenge):
        return deadlines.decision_due_on(challenge.initiative, challenge).isoformat()

    def within_term(self, challenge):
        return deadlines.decided_within_term(challenge)

    def agreement_of(self, challenge):
        if challenge.decision not in (Decision.GRANTED, Decision.PARTLY):
            return None
        return AgreementSchema().dump(challenge)


def challenge_details(initiative):
    """The `challenge` object of the API's case: None for an initiative."""
    if not initiative.is_challenge:
        return None
    return ChallengeSchema().dump(challenge_or_blank(initiative))


class ChallengeChangesSchema(ApiSchema):
    """The fields to change; those left out stay (PUT: the proposal's left out are emptied)."""

    task = text(
        TASK_MAX_LENGTH,
        allow_none=True,
        metadata={
            "description": "The task challenged: a name from the admin's list links it, other text is kept as written."
        },
    )
    better_because = text(TEXT_MAX_LENGTH)
    involvement = text(TEXT_MAX_LENGTH)
    support_evidence = text(TEXT_MAX_LENGTH)
    cost_estimate = _amount()
    requested_support = text(TEXT_MAX_LENGTH)
    quality_guarantee = text(TEXT_MAX_LENGTH)
    decision_due_on = day(
        allow_none=True,
        metadata={"description": "A deadline for this case (null: receipt + term); with due_change_reason."},
    )
    due_change_reason = text(TEXT_MAX_LENGTH)
    decision = enum(Decision, metadata={"description": "With decided_on and decision_grounds."})
    decided_on = day()
    decision_grounds = text(TEXT_MAX_LENGTH)
    takes_over = text(TEXT_MAX_LENGTH)
    agreed_result = text(TEXT_MAX_LENGTH)
    budget = _amount()
    agreement_ends_on = day(allow_none=True)
    review_dates = fields.List(
        day(), metadata={"description": "The progress reviews; the next becomes the case's follow-up."}
    )
    evaluation = text(TEXT_MAX_LENGTH)
    evaluated_on = day()
