"""Finding closed cases with their lessons and barrier/help stories."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from initiatives.barriers.models import Barrier, BarrierCategory, Help, HelpCategory, HelpEffect
from initiatives.cases import search
from initiatives.cases.models import Initiative
from initiatives.cases.stages import Result, Stage
from initiatives.organisation.models import Neighbourhood


@dataclass
class LessonFilters:
    q: str = ""
    barrier_category: str = ""
    help_category: str = ""
    neighbourhood: str = ""
    result: str = ""

    @classmethod
    def from_args(cls, args):
        filters = cls(
            q=args.get("q", "").strip()[:200],
            barrier_category=args.get("barrier_category", ""),
            help_category=args.get("help_category", ""),
            neighbourhood=args.get("neighbourhood", "").strip().upper(),
            result=args.get("result", ""),
        )
        if filters.result not in {result.value for result in Result}:
            filters.result = ""
        return filters

    def active(self):
        return bool(self.form_filters_set())

    def form_filters_set(self):
        """How many of the filters of the page's form are set."""
        return sum(1 for value in vars(self).values() if value)


def lessons_query(filters, reader):
    """Closed cases that have lessons (not withdrawn), matching `filters`, newest closure first
    (or by rank); `reader` searches (`search.ranked_matches`)."""
    query = sa.select(Initiative).where(
        Initiative.stage == Stage.CLOSED, Initiative.lessons != "", Initiative.not_withdrawn()
    )
    matches = search.ranked_matches(filters.q, reader) if filters.q else None
    if matches is not None:
        query = query.join(matches, matches.c.initiative_id == Initiative.id)
    elif filters.q:
        query = query.where(sa.false())
    if filters.result:
        query = query.where(Initiative.result == filters.result)
    if filters.neighbourhood:
        area = sa.select(Neighbourhood.id).where(
            sa.or_(
                Neighbourhood.code == filters.neighbourhood,
                Neighbourhood.parent_id.in_(
                    sa.select(Neighbourhood.id).where(Neighbourhood.code == filters.neighbourhood)
                ),
            )
        )
        query = query.where(Initiative.neighbourhood_id.in_(area))
    if filters.barrier_category:
        query = query.where(
            sa.exists()
            .where(Barrier.initiative_id == Initiative.id, Barrier.category_id == BarrierCategory.id)
            .where(BarrierCategory.code == filters.barrier_category)
        )
    if filters.help_category:
        query = query.where(
            sa.exists()
            .where(Help.initiative_id == Initiative.id, Help.category_id == HelpCategory.id)
            .where(HelpCategory.code == filters.help_category)
        )
    order = (matches.c.rank.desc(),) if matches is not None else ()
    return query.order_by(*order, Initiative.closed_on.desc(), Initiative.id.desc()).options(
        selectinload(Initiative.neighbourhood),
        # what `case_texts` needs: who works on the case, and whose data to screen
        selectinload(Initiative.team),
        selectinload(Initiative.initiators),
        selectinload(Initiative.barriers).selectinload(Barrier.category),
        selectinload(Initiative.barriers).selectinload(Barrier.department),
        selectinload(Initiative.helps).selectinload(Help.category),
        selectinload(Initiative.helps).selectinload(Help.effects).selectinload(HelpEffect.barrier),
    )
