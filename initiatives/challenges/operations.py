"""Business rules for a right-to-challenge case: its proposal, admissibility, deadline, the
college's decision, the agreement when granted (its progress reviews become the case's
follow-ups) and the evaluation; and the admin's tasks and decision term. Every change is audited;
operations flush, the request commits."""

import sqlalchemy as sa
from flask_babel import gettext as _

from initiatives.audit.operations import REDACTED, changes, record, redact
from initiatives.cases import operations as cases
from initiatives.challenges import deadlines
from initiatives.challenges.kinds import WITH_AGREEMENT, Decision
from initiatives.challenges.models import Challenge, ChallengeReview, ChallengeTask
from initiatives.core.dates import local_today
from initiatives.core.rules import RuleConflict, RuleError, flush_as_loaded, require_version
from initiatives.extensions import db

TEXT_MAX_LENGTH = 5000
TASK_MAX_LENGTH = 200
#: The largest cost estimate or budget (euros): what Numeric(12, 2) holds.
AMOUNT_MAX = 10**10 - 1
#: The proposal's fields (`record_proposal`), as the API names them.
PROPOSAL_FIELDS = (
    "task",
    "task_text",
    "better_because",
    "involvement",
    "support_evidence",
    "cost_estimate",
    "requested_support",
    "quality_guarantee",
)
AGREEMENT_FIELDS = ("takes_over", "agreed_result", "budget", "agreement_ends_on", "reviews")
#: Free texts of a challenge: the log records that they changed, not what they say.
TEXT_FIELDS = frozenset(
    {
        "better_because",
        "involvement",
        "support_evidence",
        "requested_support",
        "quality_guarantee",
        "decision_grounds",
        "due_change_reason",
        "takes_over",
        "agreed_result",
        "evaluation",
        "exclusion_reason",
        "task_text",
    }
)


class ChallengeError(RuleError):
    """A change to a challenge that the rules refuse."""


def _redact(data):
    data = redact(data)
    return {
        key: (REDACTED if key in TEXT_FIELDS and value not in ("", None) else value)
        for key, value in data.items()
    }


def _amount(value):
    return str(value) if value is not None else None


def snapshot(challenge):
    """The challenge's fields for the audit log (its free texts are redacted there)."""
    return {
        # a task of the admin's list by its name; one in the challengers' words is free text
        "challenged_task": challenge.task.name if challenge.task else None,
        "task_text": challenge.task_text,
        "better_because": challenge.better_because,
        "involvement": challenge.involvement,
        "support_evidence": challenge.support_evidence,
        "cost_estimate": _amount(challenge.cost_estimate),
        "requested_support": challenge.requested_support,
        "quality_guarantee": challenge.quality_guarantee,
        "takes_over": challenge.takes_over,
        "agreed_result": challenge.agreed_result,
        "budget": _amount(challenge.budget),
        "agreement_ends_on": challenge.agreement_ends_on.isoformat() if challenge.agreement_ends_on else None,
        "review_dates": [review.review_on.isoformat() for review in challenge.reviews],
    }


def challenge_of(initiative):
    """The case's challenge row, or None while nothing of it was recorded."""
    return db.session.scalar(db.select(Challenge).where(Challenge.initiative_id == initiative.id))


def require_challenge(initiative):
    """Refuse what is only for a right-to-challenge case on another kind of case."""
    if not initiative.is_challenge:
        raise RuleConflict(_("This case is not a right to challenge."))


def _challenge_for(initiative, expected_version=None):
    """The case's challenge at `expected_version`, made (with the municipality's term) at the first
    thing recorded: then its version 0 (none yet, as the API shows it) is current."""
    require_challenge(initiative)
    if initiative.is_withdrawn:
        raise RuleConflict(_("This case has been withdrawn."))
    challenge = challenge_of(initiative)
    if challenge is None:
        challenge = Challenge(initiative=initiative, term_weeks=deadlines.decision_term_weeks())
        db.session.add(challenge)
        db.session.flush()
        if expected_version is not None and int(expected_version) == 0:
            expected_version = challenge.version
    require_version(challenge, expected_version)
    return challenge


def _text(value, field, max_length=TEXT_MAX_LENGTH):
    value = (value or "").strip()
    if len(value) > max_length:
        raise ChallengeError(_("At most %(max)d characters.", max=max_length), field=field)
    return value


def _money(value, field):
    if value is not None and not 0 <= value <= AMOUNT_MAX:
        raise ChallengeError(_("Enter an amount of 0 euros or more."), field=field)
    return value


def _raise_version(challenge, before, action, actor, summary, extra=None):
    """Count a change (new version, flushed) and log it on the case; False when nothing changed."""
    changed = _redact(changes(before, snapshot(challenge))) | (extra or {})
    if not changed:
        return False
    challenge.version += 1
    flush_as_loaded(challenge)
    record(action, challenge, actor=actor, summary=summary, data=changed, initiative=challenge.initiative)
    return True


def record_proposal(initiative, actor, expected_version=None, **fields):
    """Record or change what the challengers propose (fields of PROPOSAL_FIELDS; those left out
    stay). `task` is a ChallengeTask of the admin's list or None; `task_text` a task not on it."""
    unknown = set(fields) - set(PROPOSAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown proposal fields: {sorted(unknown)}")
    challenge = _challenge_for(initiative, expected_version)
    before = snapshot(challenge)
    for name, value in fields.items():
        if name == "task":
            if value is not None and not value.active and value.id != challenge.task_id:
                raise ChallengeError(_("This task can no longer be chosen."), field="task")
            challenge.task = value
        elif name == "task_text":
            challenge.task_text = _text(value, "task_text", TASK_MAX_LENGTH)
        elif name == "cost_estimate":
            challenge.cost_estimate = _money(value, "cost_estimate")
        else:
            setattr(challenge, name, _text(value, name))
    _raise_version(
        challenge,
        before,
        "challenge.proposal_recorded",
        actor,
        f"proposal of challenge on case {initiative.id} recorded",
    )
    return challenge


def change_deadline(initiative, actor, due_on, reason, expected_version=None):
    """Set the decision's deadline of this case to `due_on` (None: back to receipt + term), with
    the reason."""
    challenge = _challenge_for(initiative, expected_version)
    if challenge.decision is not None:
        raise RuleConflict(_("The college has decided already."))
    reason = _text(reason, "reason")
    if due_on is not None:
        if not reason:
            raise ChallengeError(_("Say why the deadline changes."), field="reason")
        if due_on < initiative.received_on:
            raise ChallengeError(_("The deadline cannot lie before the challenge came in."), field="due_on")
    before = deadlines.decision_due_on(initiative, challenge)
    challenge.due_on_changed_to = due_on
    challenge.due_change_reason = reason if due_on is not None else ""
    after = deadlines.decision_due_on(initiative, challenge)
    if before == after and (due_on is None) == (before is None):
        return challenge
    challenge.version += 1
    flush_as_loaded(challenge)
    record(
        "challenge.deadline_changed",
        challenge,
        actor=actor,
        summary=f"decision deadline of challenge on case {initiative.id}: {after.isoformat()}",
        data={
            "decision_due_on": [before.isoformat(), after.isoformat()],
            "reason": REDACTED if reason else "",
        },
        initiative=initiative,
    )
    return challenge


def decide(initiative, actor, decision, decided_on, grounds, expected_version=None):
    """Record the college's decision with its date and grounds."""
    challenge = _challenge_for(initiative, expected_version)
    decision = Decision(decision)
    grounds = _text(grounds, "decision_grounds")
    if not grounds:
        raise ChallengeError(_("Give the grounds of the decision."), field="decision_grounds")
    if decided_on is None:
        raise ChallengeError(_("Enter the date of the decision."), field="decided_on")
    if decided_on < initiative.received_on:
        raise ChallengeError(_("The decision cannot lie before the challenge came in."), field="decided_on")
    if decided_on > local_today():
        raise ChallengeError(_("The decision cannot lie in the future."), field="decided_on")
    before = {
        "decision": str(challenge.decision) if challenge.decision else None,
        "decided_on": challenge.decided_on.isoformat() if challenge.decided_on else None,
    }
    challenge.decision = decision
    challenge.decided_on = decided_on
    challenge.decision_grounds = grounds
    after = {"decision": str(decision), "decided_on": decided_on.isoformat()}
    challenge.version += 1
    flush_as_loaded(challenge)
    within = deadlines.decided_within_term(challenge)
    record(
        "challenge.decided",
        challenge,
        actor=actor,
        summary=f"challenge on case {initiative.id} decided: {decision}",
        data=changes(before, after) | {"decision_grounds": REDACTED, "within_term": within},
        initiative=initiative,
    )
    return challenge


def declare_inadmissible(initiative, actor, expected_version=None):
    """ "Niet ontvankelijk" in one click: the task challenged is excluded by the verordening, so the
    decision is inadmissible today, with the exclusion's reason as its grounds."""
    challenge = _challenge_for(initiative, expected_version)
    if challenge.exclusion is None:
        raise RuleConflict(_("The task challenged is not excluded: decide on the challenge instead."))
    return decide(
        initiative,
        actor,
        Decision.INADMISSIBLE,
        max(local_today(), initiative.received_on),
        challenge.exclusion,
        expected_version,
    )


def record_agreement(initiative, actor, expected_version=None, **fields):
    """Record the agreement of a granted (or partly granted) challenge: what the challengers take
    over, the result agreed, the budget, its end and the dates of progress reviews. The next review
    becomes the case's follow-up date when it has none sooner."""
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown agreement fields: {sorted(unknown)}")
    challenge = _challenge_for(initiative, expected_version)
    if challenge.decision not in WITH_AGREEMENT:
        raise RuleConflict(_("An agreement follows a decision to grant the challenge."))
    before = snapshot(challenge)
    for name, value in fields.items():
        if name == "reviews":
            _set_reviews(challenge, value)
        elif name == "budget":
            challenge.budget = _money(value, "budget")
        elif name == "agreement_ends_on":
            if value is not None and challenge.decided_on and value < challenge.decided_on:
                raise ChallengeError(
                    _("The agreement cannot end before the decision."), field="agreement_ends_on"
                )
            challenge.agreement_ends_on = value
        else:
            setattr(challenge, name, _text(value, name))
    changed = _raise_version(
        challenge,
        before,
        "challenge.agreement_recorded",
        actor,
        f"agreement of challenge on case {initiative.id} recorded",
    )
    if changed:
        _follow_up_on_next_review(initiative, challenge, actor)
    return challenge


def _set_reviews(challenge, days):
    days = sorted(set(days or ()))
    if challenge.decided_on and any(day < challenge.decided_on for day in days):
        raise ChallengeError(_("A progress review cannot lie before the decision."), field="reviews")
    kept = {review.review_on: review for review in challenge.reviews}
    challenge.reviews = [kept.get(day) or ChallengeReview(review_on=day) for day in days]


def next_review_on(challenge, today=None):
    today = today or local_today()
    upcoming = [review.review_on for review in challenge.reviews if review.review_on >= today]
    return min(upcoming) if upcoming else None


def _follow_up_on_next_review(initiative, challenge, actor):
    """The next progress review is the case's follow-up, unless it has one sooner (or is done)."""
    review_on = next_review_on(challenge)
    if review_on is None or not initiative.awaits_work:
        return
    if initiative.follow_up_on is not None and local_today() <= initiative.follow_up_on <= review_on:
        return
    cases.update_case(initiative, actor, initiative.version, follow_up_on=review_on)


def evaluate(initiative, actor, evaluation, evaluated_on, expected_version=None):
    """Record the evaluation at the end of the agreement."""
    challenge = _challenge_for(initiative, expected_version)
    if challenge.decision not in WITH_AGREEMENT:
        raise RuleConflict(_("An evaluation follows a decision to grant the challenge."))
    evaluation = _text(evaluation, "evaluation")
    if not evaluation:
        raise ChallengeError(_("Write the evaluation."), field="evaluation")
    if evaluated_on is None or evaluated_on > local_today():
        raise ChallengeError(_("Enter a date that is not in the future."), field="evaluated_on")
    before = {"evaluated_on": challenge.evaluated_on.isoformat() if challenge.evaluated_on else None}
    challenge.evaluation = evaluation
    challenge.evaluated_on = evaluated_on
    challenge.version += 1
    flush_as_loaded(challenge)
    record(
        "challenge.evaluated",
        challenge,
        actor=actor,
        summary=f"challenge on case {initiative.id} evaluated",
        data=changes(before, {"evaluated_on": evaluated_on.isoformat()}) | {"evaluation": REDACTED},
        initiative=initiative,
    )
    return challenge


# -- the admin's list of tasks and the term ------------------------------------------------------


def _task_snapshot(task):
    return {
        "name": task.name,
        "excluded": task.excluded,
        "exclusion_reason": task.exclusion_reason,
        "active": task.active,
    }


def _check_task(task):
    if not task.name:
        raise ChallengeError(_("Enter the task."), field="name")
    if task.excluded and not task.exclusion_reason:
        raise ChallengeError(_("Say why the verordening excludes this task."), field="exclusion_reason")
    same = db.session.scalar(
        db.select(ChallengeTask).where(
            sa.func.lower(ChallengeTask.name) == task.name.lower(), ChallengeTask.id != task.id
        )
    )
    if same is not None:
        raise ChallengeError(_("This task is on the list already."), field="name")


def add_task(actor, *, name, excluded=False, exclusion_reason=""):
    """Add a municipal task to the list challengers choose from; an excluded one with the reason."""
    task = ChallengeTask(
        name=_text(name, "name", TASK_MAX_LENGTH),
        excluded=bool(excluded),
        exclusion_reason=_text(exclusion_reason, "exclusion_reason") if excluded else "",
        active=True,
    )
    with db.session.no_autoflush:
        _check_task(task)
    db.session.add(task)
    db.session.flush()
    record(
        "challenge_task.added",
        task,
        actor=actor,
        summary=f"challenge task {task.id} added",
        data=_redact(_task_snapshot(task)),
    )
    return task


def update_task(task, actor, **fields):
    """Change a task of the list (name, excluded with reason, active)."""
    before = _task_snapshot(task)
    with db.session.no_autoflush:
        for name, value in fields.items():
            if name in ("name", "exclusion_reason"):
                setattr(
                    task, name, _text(value, name, TASK_MAX_LENGTH if name == "name" else TEXT_MAX_LENGTH)
                )
            else:
                setattr(task, name, bool(value))
        if not task.excluded:
            task.exclusion_reason = ""
        _check_task(task)
    changed = changes(before, _task_snapshot(task))
    if changed:
        db.session.flush()
        record(
            "challenge_task.updated",
            task,
            actor=actor,
            summary=f"challenge task {task.id} changed",
            data=_redact(changed),
        )
    return task


def set_decision_term(actor, weeks):
    """Set the municipality's decision term (weeks from receipt) for the challenges recorded from now."""
    if not 1 <= int(weeks) <= 52:
        raise ChallengeError(_("Enter a term of 1 to 52 weeks."), field="decision_term_weeks")
    row = deadlines.settings()
    before = row.decision_term_weeks
    if before == int(weeks):
        db.session.flush()
        return row
    row.decision_term_weeks = int(weeks)
    db.session.flush()
    record(
        "challenge.term_changed",
        row,
        actor=actor,
        summary=f"decision term of challenges: {weeks} weeks",
        data={"decision_term_weeks": [before, int(weeks)]},
    )
    return row
