"""The case list's filters on challenges, which make the dashboard's challenge numbers clickable;
the case list applies them as extra filters (`cases.queries.register_extra_filters`).

They mean what the dashboard counts (`dashboard.challenge_figures`): a challenge case's decision (`challenge_decision`: one of the
decisions, or `decided` for any), the task challenged (`challenge_task`: a task's id of the
admin's list, `other` for a task written in, `none` while no task is recorded) and whether the
decision came within the term (`challenge_within_term`: yes or no). Each selects
right-to-challenge cases only. The period the dashboard counts (the date of first contact) is the
case list's own filter `received_from`/`received_to` (`dashboard.case_filters`).
"""

import sqlalchemy as sa
from flask_babel import gettext as _

from initiatives.cases.models import CaseKind, Initiative
from initiatives.cases.queries import ExtraFilters
from initiatives.challenges import deadlines
from initiatives.challenges.kinds import Decision
from initiatives.challenges.models import Challenge, ChallengeTask
from initiatives.core.parsing import whole_number

CHALLENGE_FILTERS = (
    "challenge_decision",
    "challenge_task",
    "challenge_within_term",
)
#: `challenge_decision`: any decision.
DECIDED = "decided"
#: `challenge_task`: a task written in, not on the admin's list; none recorded yet.
OTHER_TASK = "other"
NO_TASK = "none"
YES, NO = "yes", "no"


def parse(args):
    """Read the challenge filters from `args`; unusable values are left out."""
    decision = args.get("challenge_decision", "").strip()
    task = args.get("challenge_task", "").strip()
    within = args.get("challenge_within_term", "").strip()
    return {
        "challenge_decision": decision
        if decision in {DECIDED, *(member.value for member in Decision)}
        else "",
        "challenge_task": task if task in (OTHER_TASK, NO_TASK) or whole_number(task) is not None else "",
        "challenge_within_term": within if within in (YES, NO) else "",
    }


def _task_condition(value):
    if value == OTHER_TASK:
        return sa.and_(Challenge.task_id.is_(None), Challenge.task_text != "")
    if value == NO_TASK:
        return sa.and_(Challenge.task_id.is_(None), Challenge.task_text == "")
    return Challenge.task_id == int(value)


def case_conditions(filters, initiative_id):
    """Conditions on the case (`initiative_id`) for the challenge filters."""
    conditions = []
    on_challenge = []
    if filters.challenge_decision == DECIDED:
        on_challenge.append(Challenge.decision.is_not(None))
    elif filters.challenge_decision:
        on_challenge.append(Challenge.decision == filters.challenge_decision)
    if filters.challenge_within_term:
        within = deadlines.within_term()
        on_challenge.append(within if filters.challenge_within_term == YES else sa.not_(within))
        on_challenge.append(Challenge.decided_on.is_not(None))
    if filters.challenge_task and filters.challenge_task != NO_TASK:
        on_challenge.append(_task_condition(filters.challenge_task))
    if on_challenge:
        conditions.append(Initiative.kind == CaseKind.RIGHT_TO_CHALLENGE)
        conditions.append(sa.exists().where(Challenge.initiative_id == initiative_id, *on_challenge))
    if filters.challenge_task == NO_TASK:  # also a challenge case with nothing recorded yet
        conditions.append(Initiative.kind == CaseKind.RIGHT_TO_CHALLENGE)
        conditions.append(
            sa.not_(
                sa.exists().where(
                    Challenge.initiative_id == initiative_id,
                    sa.or_(Challenge.task_id.is_not(None), Challenge.task_text != ""),
                )
            )
        )
    return conditions


def describe(session, filters):
    """The active challenge filters as a readable sentence, for above the case list."""
    details = []
    if filters.challenge_decision == DECIDED:
        details.append(_("decided"))
    elif filters.challenge_decision:
        details.append(_("decision “%(decision)s”", decision=Decision(filters.challenge_decision).title))
    if filters.challenge_within_term == YES:
        details.append(_("decided within the term"))
    elif filters.challenge_within_term == NO:
        details.append(_("decided after the term"))
    if filters.challenge_task == OTHER_TASK:
        details.append(_("a task not on the list"))
    elif filters.challenge_task == NO_TASK:
        details.append(_("no task recorded yet"))
    elif filters.challenge_task:
        task = session.get(ChallengeTask, int(filters.challenge_task))
        details.append(_("the task “%(task)s”", task=task.name if task else "?"))
    if details:
        return _("Only challenges: %(details)s.", details=", ".join(details))
    return ""


CASE_LIST_FILTERS = ExtraFilters(
    names=CHALLENGE_FILTERS,
    parse=parse,
    conditions=case_conditions,
    describe=describe,
)
