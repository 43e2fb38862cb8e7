"""Challenges still waiting for the college's decision, with their deadlines: for Mijn werk and
the notices of a nearing deadline (both above this domain, which asks them nothing)."""

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from initiatives.cases.models import CaseKind, Initiative, initiative_team
from initiatives.challenges import deadlines
from initiatives.challenges.models import Challenge
from initiatives.core.dates import local_today
from initiatives.core.sql import not_indexed


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


def deadlines_within(session, days, *conditions, today=None, options=(), limit=None):
    """The undecided challenges (see `undecided`) whose deadline is at most `days` away or past,
    soonest deadline first; the first `limit` of them, if given. The database selects and orders
    them by their deadline (the term of the challenge, or a date set for it): at a million cases
    some tens of thousands are challenges, a manager's thousands of them undecided."""
    today = today or local_today()
    term = deadlines.decision_term_weeks()
    due_on = deadlines.due_on_sql(term)
    query = (
        undecided(*conditions, due_on <= today + timedelta(days=days))
        .order_by(None)
        .order_by(due_on, Initiative.id)
        .limit(limit)
        .options(*options)
    )
    found = []
    for initiative, challenge in session.execute(query):
        if challenge is None:
            due = deadlines.due_on(initiative.received_on, term)
        else:
            due = deadlines.decision_due_on(initiative, challenge)
        left = deadlines.days_left(due, today)
        if left <= days:
            found.append(Deadline(initiative=initiative, due_on=due, days_left=left))
    return sorted(found, key=lambda item: (item.due_on, item.initiative.id))


#: How many nearing deadlines Mijn werk lists, as it lists its other cases.
NEARING_LIMIT = 50


def nearing_for(session, user, today=None):
    """Mijn werk: the undecided challenges of `user`'s cases (owner or team) whose deadline is
    within NEARING_DAYS or past, soonest first (the first NEARING_LIMIT)."""
    team = sa.select(initiative_team.c.initiative_id).where(initiative_team.c.user_id == user.id)
    # Along the index of the challenges (kind), never of the manager's cases: those may be many
    # thousands, the right-to-challenge cases a few per cent of all.
    return deadlines_within(
        session,
        deadlines.NEARING_DAYS,
        sa.or_(not_indexed(Initiative.owner_id) == user.id, not_indexed(Initiative.id).in_(team)),
        today=today,
        options=(selectinload(Initiative.neighbourhood),),
        limit=NEARING_LIMIT,
    )
