"""The challenge's steps on its case's timeline (registered with `cases.profile`): the proposal
recorded and changed, a task the verordening excludes, each change of the decision's deadline, the
decision, the agreement, the progress reviews held and the evaluation.

They are system lines: no one wrote them as notes, so none can be corrected or voided, and they
never reach the initiators' status page (which shows only entries the team marked). The steps
that happened more than once (a proposal or deadline changed) come from the case's audit log,
which keeps each change with its day and who made it; its free texts are redacted there, so a
line shows the text the challenge holds now (the task, the deadline's reason, what is taken over)
where it is the latest of its kind, as the reader's `shown` gives it."""

from datetime import date

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _

from initiatives.audit.models import AuditEntry
from initiatives.cases.profile import TimelineItem
from initiatives.challenges.operations import challenge_of
from initiatives.core.dates import local_date, local_today
from initiatives.extensions import db

KIND = "challenge"
#: The logged steps shown, in the order they are read.
LOGGED = (
    "challenge.proposal_recorded",
    "challenge.deadline_changed",
    "challenge.decided",
    "challenge.agreement_recorded",
    "challenge.evaluated",
)


def _logged_steps(initiative):
    return db.session.scalars(
        sa.select(AuditEntry)
        .where(AuditEntry.initiative_id == initiative.id, AuditEntry.action.in_(LOGGED))
        .order_by(AuditEntry.id)
    ).all()


def _who(entry):
    return entry.actor.display_name if entry.actor is not None else ""


def _proposal_items(challenge, entries, shown):
    items = []
    for index, entry in enumerate(entries):
        title = (
            _("Proposal of the challenge recorded") if index == 0 else _("Proposal of the challenge changed")
        )
        latest = index == len(entries) - 1
        task = shown(challenge.task_name) if latest and challenge.task_name else ""
        note = _("Task challenged: %(task)s", task=task) if task else ""
        day = local_date(entry.created_at)
        items.append(TimelineItem(day, KIND, title, meta=_who(entry), note=note, order=entry.id))
        task_chosen = (entry.data or {}).get("challenged_task")
        chosen_now = task_chosen[1] if isinstance(task_chosen, list) and len(task_chosen) == 2 else None
        if chosen_now and challenge.exclusion is not None and chosen_now == challenge.task.name:
            items.append(
                TimelineItem(
                    day,
                    KIND,
                    _("Flagged: the verordening excludes this task"),
                    note=challenge.exclusion,
                    order=entry.id,
                )
            )
    return items


def _deadline_items(challenge, entries, shown):
    items = []
    for index, entry in enumerate(entries):
        due = (entry.data or {}).get("decision_due_on")
        try:
            day = format_date(date.fromisoformat(due[1]))
        except (TypeError, ValueError, IndexError):
            day = None
        title = (
            _("Decision deadline changed to %(date)s", date=day) if day else _("Decision deadline changed")
        )
        latest = index == len(entries) - 1
        if challenge.due_on_changed_to is None and latest:
            title = _("Decision deadline back to the term: %(date)s", date=day) if day else title
        note = shown(challenge.due_change_reason) if latest and challenge.due_on_changed_to else ""
        items.append(
            TimelineItem(
                local_date(entry.created_at), KIND, title, meta=_who(entry), note=note, order=entry.id
            )
        )
    return items


def challenge_events(initiative, shown):
    """The challenge's steps on `initiative`'s timeline; none on another kind of case."""
    if not initiative.is_challenge:
        return []
    challenge = challenge_of(initiative)
    if challenge is None:
        return []
    entries = _logged_steps(initiative)
    items = _proposal_items(
        challenge, [e for e in entries if e.action == "challenge.proposal_recorded"], shown
    )
    items += _deadline_items(
        challenge, [e for e in entries if e.action == "challenge.deadline_changed"], shown
    )
    # steps of one day in the order they were logged (the decision's and evaluation's latest entry)
    last_of = {entry.action: entry for entry in entries}
    logged_last = {action: entry.id for action, entry in last_of.items()}
    if challenge.decision is not None:
        items.append(
            TimelineItem(
                challenge.decided_on,
                KIND,
                _("Decision of the college: %(decision)s", decision=challenge.decision.title),
                meta=_who(last_of["challenge.decided"]) if "challenge.decided" in last_of else "",
                note=shown(challenge.decision_grounds),
                order=logged_last.get("challenge.decided", 0),
            )
        )
    agreements = [e for e in entries if e.action == "challenge.agreement_recorded"]
    for index, entry in enumerate(agreements):
        title = _("Agreement recorded") if index == 0 else _("Agreement changed")
        note = shown(challenge.takes_over) if index == len(agreements) - 1 else ""
        items.append(
            TimelineItem(
                local_date(entry.created_at), KIND, title, meta=_who(entry), note=note, order=entry.id
            )
        )
    today = local_today()
    for review in challenge.reviews:
        if review.review_on <= today:
            items.append(
                TimelineItem(
                    review.review_on, KIND, _("Progress review agreed with the challengers"), order=review.id
                )
            )
    if challenge.evaluated_on is not None:
        items.append(
            TimelineItem(
                challenge.evaluated_on,
                KIND,
                _("Challenge evaluated"),
                meta=_who(last_of["challenge.evaluated"]) if "challenge.evaluated" in last_of else "",
                note=shown(challenge.evaluation),
                order=logged_last.get("challenge.evaluated", 0),
            )
        )
    return items
