"""The cases with a location: the case list's query (its filters, its order), or a manager's open
work as Mijn werk has it, narrowed to the cases that have a point."""

import sqlalchemy as sa

from initiatives.cases.models import Initiative, initiative_team
from initiatives.cases.queries import filtered_cases
from initiatives.cases.stages import Stage

#: The map page's `work` argument for a manager's own open cases (Mijn werk).
MY_WORK = "mine"


def located(query):
    """`query` (a select of cases) narrowed to those with a location, in a stable order."""
    return query.where(Initiative.latitude.is_not(None)).order_by(Initiative.id.desc())


def located_cases(session, filters, *, reader):
    """The case list's cases (`filters`, as the list reads them for `reader`) that have a point."""
    return located(filtered_cases(session, filters, reader=reader))


def my_open_work(user):
    """A manager's open cases, owned or on the team, not withdrawn: Mijn werk's cases."""
    team_ids = sa.select(initiative_team.c.initiative_id).where(initiative_team.c.user_id == user.id)
    return sa.select(Initiative).where(
        sa.or_(Initiative.owner_id == user.id, Initiative.id.in_(team_ids)),
        Initiative.stage != Stage.CLOSED,
        Initiative.not_withdrawn(),
    )


def count_without_location(session, query):
    """How many cases of `query` have no point (they are in the list, not on the map)."""
    unlocated = query.where(Initiative.latitude.is_(None)).order_by(None).subquery()
    return session.scalar(sa.select(sa.func.count()).select_from(unlocated))
