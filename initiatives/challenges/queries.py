"""Challenges still waiting for the college's decision, with their deadlines: for Mijn werk and
the notices of a nearing deadline (both above this domain, which asks them nothing)."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from initiatives.cases.models import CaseKind, Initiative, initiative_team
from initiatives.challenges import deadlines
from initiatives.challenges.models import Challenge
from initiatives.core.dates import local_today


@dataclass(frozen=True)
class Deadline:
    """An undecided challenge's case, its decision's deadline and the days left to it."""

    initiative: Initiative
    due_on: date
    days_left: int

    @property
    def overdue(self):
        return self.days_left < 0


def undecided(*conditions):
    """SQL select of (case, its challenge or None): right-to-challenge cases that await work and
    whose college has not decided, narrowed by `conditions` on Initiative."""
    return (
        sa.select(Initiative, Challenge)
        .outerjoin(Challenge, Challenge.initiative_id == Initiative.id)
        .where(
            Initiative.kind == CaseKind.RIGHT_TO_CHALLENGE,
            Initiative.awaits_work,
            Challenge.decision.is_(None),
            *conditions,
        )
        .order_by(Initiative.id)
    )


def deadlines_within(session, days, *conditions, today=None, options=()):
    """The undecided challenges (see `undecided`) whose deadline is at most `days` away or past,
    soonest deadline first. The deadline is worked out per case (the term of its challenge, or a
    date set for it), so the cases are read first: the open challenges of a municipality are few."""
    today = today or local_today()
    term = deadlines.decision_term_weeks()
    found = []
    for initiative, challenge in session.execute(undecided(*conditions).options(*options)):
        if challenge is None:
            due = deadlines.due_on(initiative.received_on, term)
        else:
            due = deadlines.decision_due_on(initiative, challenge)
        left = deadlines.days_left(due, today)
        if left <= days:
            found.append(Deadline(initiative=initiative, due_on=due, days_left=left))
    return sorted(found, key=lambda item: (item.due_on, item.initiative.id))


def nearing_for(session, user, today=None):
    """Mijn werk: the undecided challenges of `user`'s cases (owner or team) whose deadline is
    within NEARING_DAYS or past, soonest first."""
    team = sa.select(initiative_team.c.initiative_id).where(initiative_team.c.user_id == user.id)
    return deadlines_within(
        session,
        deadlines.NEARING_DAYS,
        sa.or_(Initiative.owner_id == user.id, Initiative.id.in_(team)),
        today=today,
        options=(selectinload(Initiative.neighbourhood),),
    )
