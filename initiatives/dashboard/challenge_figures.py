"""The right to challenge on the dashboard: the challenges received in the period, how many were
decided and how, how many within the term, on which tasks, and the days from receipt to decision.

A challenge counts when its case (of the kind right to challenge) was received in the period and
counts for the dashboard (not withdrawn; for the council report, in it), in the area and of the
theme selected. Department and stage describe barriers: they do not select challenges. The
decided ones, and the outcomes, are those of the challenges received in the period, so that each
number is a part of the one before it. Tasks of the admin's list are named; a task written in is
free text that may hold a name, so those are counted together as one row, never shown.
"""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from initiatives.cases.models import CaseKind, Initiative
from initiatives.challenges import deadlines
from initiatives.challenges.case_filters import NO_TASK, OTHER_TASK
from initiatives.challenges.kinds import Decision
from initiatives.challenges.models import Challenge, ChallengeTask
from initiatives.core.sql import not_indexed
from initiatives.dashboard.figures import ChallengeFigures, ChallengeTaskTally, DecisionTally

TASK_LABELS = {
    OTHER_TASK: _l("Other task (written in)"),
    NO_TASK: _l("No task recorded yet"),
}


def received_challenges(selection):
    """Conditions on the challenge cases received in the period that count, in the area and of
    the theme, of a query of cases (outer) joined to their challenge."""
    conditions = [
        Initiative.kind == CaseKind.RIGHT_TO_CHALLENGE,
        # Along the index of the kind (a few cases in a hundred), not of the area's or the theme's
        # cases, of which SQLite would read each.
        *selection.of_cases(not_indexed(Initiative.id), not_indexed(Initiative.neighbourhood_id)),
    ]
    if selection.filters.start:
        conditions.append(Initiative.received_on >= selection.filters.start)
    if selection.filters.end:
        conditions.append(Initiative.received_on <= selection.filters.end)
    return conditions


def challenge_counts(session, selection):
    """Rows (decision, task key, within the term, days to decision, challenges), grouped in SQL:
    bounded by the decisions, the tasks and the days, never by the number of cases. The task key
    is the task's id (as text), `other` or `none`; within the term 1 or 0 (0 while undecided)."""
    task = sa.case(
        (Challenge.task_id.is_not(None), sa.cast(Challenge.task_id, sa.String)),
        (sa.func.coalesce(Challenge.task_text, "") != "", OTHER_TASK),
        else_=NO_TASK,
    ).label("task")
    within = sa.case((deadlines.within_term(), 1), else_=0).label("within")
    days = deadlines.days_to_decision().label("days")
    decision = sa.type_coerce(Challenge.decision, sa.String).label("decision")
    rows = session.execute(
        sa.select(decision, task, within, days, sa.func.count())
        .select_from(Initiative)
        .outerjoin(Challenge, Challenge.initiative_id == Initiative.id)
        .where(*received_challenges(selection))
        .group_by(decision, task, within, days)
    )
    return [
        (decision, task, int(within), None if days is None else int(days), int(count))
        for decision, task, within, days, count in rows
    ]


def challenge_figures(session, rows):
    """The challenge figures from challenge_counts' rows; task names read fresh."""
    figures = ChallengeFigures()
    decisions, tasks, days = {}, {}, {}
    for decision, task, within, day_count, count in rows:
        figures.received += count
        tasks[task] = tasks.get(task, 0) + count
        if decision is None:
            continue
        figures.decided += count
        figures.within_term += count if within else 0
        decisions[decision] = decisions.get(decision, 0) + count
        days[day_count] = days.get(day_count, 0) + count
    figures.by_decision = [
        DecisionTally(member.value, member.title, decisions.get(member.value, 0)) for member in Decision
    ]
    listed = {int(key) for key in tasks if key not in TASK_LABELS}
    names = {
        task.id: task
        for task in session.scalars(sa.select(ChallengeTask).where(ChallengeTask.id.in_(listed)))
    }
    named = [
        ChallengeTaskTally(str(task_id), names[task_id].name, tasks[str(task_id)], not names[task_id].active)
        for task_id in listed
        if task_id in names
    ]
    named.sort(key=lambda tally: (-tally.count, tally.label.lower()))
    figures.tasks = named + [
        ChallengeTaskTally(key, label, tasks[key]) for key, label in TASK_LABELS.items() if tasks.get(key)
    ]
    figures.days = sorted(days.items())
    return figures
