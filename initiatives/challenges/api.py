"""A right-to-challenge case's challenge in the JSON API: read it, and change it (PUT or PATCH,
If-Match) with the same operations as the case page: proposal, deadline, decision, agreement and
evaluation, in that order."""

from flask_babel import gettext as _

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems, fields_named, raise_problem
from initiatives.api.util import (
    RECORD_ETAG_HEADER,
    acting_user,
    etag_of,
    if_match_parameter,
    version_from_if_match,
)
from initiatives.cases.api.access import CASE_READERS, initiative_from_url
from initiatives.cases.models import Initiative
from initiatives.challenges import operations
from initiatives.challenges.models import ChallengeTask
from initiatives.challenges.schemas import ChallengeChangesSchema, ChallengeSchema, challenge_or_blank
from initiatives.core.access import roles_allowed
from initiatives.core.roles import Role
from initiatives.extensions import db

TAGS = ["Right to challenge"]
URL = "/initiatives/<int:initiative_id>/challenge"
TEXTS = ("better_because", "involvement", "support_evidence", "requested_support", "quality_guarantee")
API_NAMES = {"due_on": "decision_due_on", "reason": "due_change_reason", "reviews": "review_dates"}


@bp.route(URL, methods=["GET"], endpoint="get_challenge", tags=TAGS)
@roles_allowed(*CASE_READERS)
@initiative_from_url(Initiative.can_view)
@bp.response(200, ChallengeSchema, headers=RECORD_ETAG_HEADER)
@documents_problems(bp, 401, 403, 404)
def get_challenge(initiative):
    """Read the challenge of a right-to-challenge case, with its deadline and decision; another
    kind of case has none (404)."""
    if not initiative.is_challenge:
        raise_problem(404, _("This case is not a right to challenge."))
    challenge = challenge_or_blank(initiative)
    return challenge, 200, {"ETag": etag_of(challenge)}


def _task(name):
    """The admin's task of that name, or the name as free text."""
    if not name:
        return {"task": None, "task_text": ""}
    task = db.session.scalar(db.select(ChallengeTask).where(ChallengeTask.name == name.strip()))
    return {"task": task, "task_text": ""} if task is not None else {"task": None, "task_text": name}


def _apply(initiative, changes, replace):
    operations.require_challenge(initiative)
    version = version_from_if_match(challenge_or_blank(initiative))
    actor = acting_user()
    proposal = {name: changes[name] for name in (*TEXTS, "cost_estimate") if name in changes}
    if replace:
        proposal = dict.fromkeys(TEXTS, "") | {"cost_estimate": None} | proposal | _task(changes.get("task"))
    elif "task" in changes:
        proposal |= _task(changes["task"])
    with fields_named(**API_NAMES):
        if proposal:
            challenge = operations.record_proposal(initiative, actor, version, **proposal)
            version = challenge.version
        if "decision_due_on" in changes or "due_change_reason" in changes:
            challenge = operations.change_deadline(
                initiative,
                actor,
                changes.get("decision_due_on"),
                changes.get("due_change_reason", ""),
                version,
            )
            version = challenge.version
        if {"decision", "decided_on", "decision_grounds"} & set(changes):
            current = challenge_or_blank(initiative)
            challenge = operations.decide(
                initiative,
                actor,
                changes.get("decision", current.decision),
                changes.get("decided_on", current.decided_on),
                changes.get("decision_grounds", current.decision_grounds),
                version,
            )
            version = challenge.version
        agreement = {
            name: changes[name]
            for name in ("takes_over", "agreed_result", "budget", "agreement_ends_on")
            if name in changes
        }
        if "review_dates" in changes:
            agreement["reviews"] = changes["review_dates"]
        if agreement:
            challenge = operations.record_agreement(initiative, actor, version, **agreement)
            version = challenge.version
        if {"evaluation", "evaluated_on"} & set(changes):
            current = challenge_or_blank(initiative)
            operations.evaluate(
                initiative,
                actor,
                changes.get("evaluation", current.evaluation),
                changes.get("evaluated_on", current.evaluated_on),
                version,
            )
    challenge = challenge_or_blank(initiative)
    return challenge, 200, {"ETag": etag_of(challenge)}


@bp.route(URL, methods=["PUT"], endpoint="replace_challenge", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_edit)
@bp.arguments(ChallengeChangesSchema)
@bp.response(200, ChallengeSchema, headers=RECORD_ETAG_HEADER)
@bp.doc(parameters=[if_match_parameter(required=True, of="the challenge")])
@documents_problems(bp, 401, 403, 404, 409, 412, 422, 428)
def replace_challenge(changes, initiative):
    """Set the proposal of a right-to-challenge case (the proposal's fields left out are emptied),
    and any of its deadline, decision, agreement and evaluation. If-Match is required."""
    return _apply(initiative, changes, replace=True)


@bp.route(URL, methods=["PATCH"], endpoint="update_challenge", tags=TAGS)
@roles_allowed(Role.NEIGHBOURHOOD_MANAGER)
@initiative_from_url(Initiative.can_edit)
@bp.arguments(ChallengeChangesSchema)
@bp.response(200, ChallengeSchema, headers=RECORD_ETAG_HEADER)
@bp.doc(parameters=[if_match_parameter(required=True, of="the challenge")])
@documents_problems(bp, 401, 403, 404, 409, 412, 422, 428)
def update_challenge(changes, initiative):
    """Change fields of the challenge of a right-to-challenge case; those left out stay. The
    deadline, decision, agreement and evaluation are checked as on the case page. If-Match is required."""
    return _apply(initiative, changes, replace=False)
