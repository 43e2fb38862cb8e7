"""The college's decision term: the municipality's term in weeks (the admin's, 8 by default), the
deadline of a challenge (receipt + term, or the date set for the case with a reason) and the days
left to it."""

from datetime import timedelta

import sqlalchemy as sa

from initiatives.cases.models import Initiative
from initiatives.challenges.models import DEFAULT_TERM_WEEKS, Challenge, ChallengeSettings
from initiatives.core.dates import local_today
from initiatives.core.sql import days_after, days_between
from initiatives.extensions import db

#: Days before the deadline from which Mijn werk and the case page call attention to it.
NEARING_DAYS = 14


def settings():
    """The municipality's settings row, made with the default term when there is none yet."""
    row = db.session.get(ChallengeSettings, 1)
    if row is None:
        row = ChallengeSettings(id=1, decision_term_weeks=DEFAULT_TERM_WEEKS)
        db.session.add(row)
    return row


def decision_term_weeks():
    row = db.session.get(ChallengeSettings, 1)
    return row.decision_term_weeks if row is not None else DEFAULT_TERM_WEEKS


def due_on(received_on, term_weeks, changed_to=None):
    """The decision's deadline: the date set for the case, else `term_weeks` weeks after receipt."""
    if changed_to is not None:
        return changed_to
    return received_on + timedelta(weeks=term_weeks)


def decision_due_on(initiative, challenge=None):
    """The deadline of `initiative`'s decision (its challenge's term, else the municipality's)."""
    if challenge is None:
        return due_on(initiative.received_on, decision_term_weeks())
    return due_on(initiative.received_on, challenge.term_weeks, challenge.due_on_changed_to)


def due_on_sql(term_weeks):
    """SQL: the decision's deadline as `decision_due_on` works it out, of a query of cases
    outer-joined to their challenge (`term_weeks`: the municipality's, for a case without one)."""
    weeks = sa.func.coalesce(Challenge.term_weeks, term_weeks)
    return sa.func.coalesce(Challenge.due_on_changed_to, days_after(Initiative.received_on, weeks * 7))


def days_left(due, today=None):
    """Days until `due` (negative: past it)."""
    return (due - (today or local_today())).days


def decided_within_term(challenge):
    """Whether the decision came by its deadline; None while undecided."""
    if challenge.decided_on is None:
        return None
    return challenge.decided_on <= decision_due_on(challenge.initiative, challenge)


def days_to_decision():
    """SQL: the days from the case's receipt to the decision (NULL while undecided), of a query of
    challenges joined to their case."""
    return days_between(Initiative.received_on, Challenge.decided_on)


def within_term():
    """SQL: whether the decision came by its deadline, as `decided_within_term` says (NULL or false
    while undecided), of a query of challenges joined to their case. Compares days rather than
    adding weeks to a date, which SQLite and PostgreSQL write differently."""
    return sa.or_(
        sa.and_(
            Challenge.due_on_changed_to.is_not(None), Challenge.decided_on <= Challenge.due_on_changed_to
        ),
        sa.and_(Challenge.due_on_changed_to.is_(None), days_to_decision() <= Challenge.term_weeks * 7),
    )
