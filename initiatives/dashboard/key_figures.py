"""The few figures on the secretary's start page, each one bounded query along an index.

They count as the dashboard does (its `Selection`, and its figures from the tallies where the app
keeps them), so each equals the number on the dashboard view the start page links to: the open
barriers of the unfiltered view, the helps requested in the view of this quarter up to today.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from initiatives.barriers.lifecycle import BarrierStatus
from initiatives.barriers.models import Barrier
from initiatives.cases.models import Initiative
from initiatives.cases.stages import OPEN_STAGES
from initiatives.dashboard.barrier_figures import oldest_open_ids
from initiatives.dashboard.figures import Quarter
from initiatives.dashboard.filters import DashboardFilters
from initiatives.dashboard.parallel import chosen_figures
from initiatives.dashboard.selection import Selection


@dataclass
class KeyFigures:
    today: date
    open_cases: int
    open_barriers: int
    oldest_open: Barrier | None  # the barrier open longest, with its case
    quarter: Quarter
    helps_this_quarter: int  # helps requested in this quarter up to today

    @property
    def oldest_open_days(self):
        return (self.today - self.oldest_open.raised_on).days if self.oldest_open else None


def _count(session, model, *conditions):
    return session.scalar(sa.select(sa.func.count()).select_from(model).where(*conditions))


def key_figures(session, scope, today):
    """The start page's figures within `scope` (the whole municipality for the secretary)."""
    everything = Selection(DashboardFilters(), scope)
    quarter = Quarter.of(today)
    this_quarter = Selection(DashboardFilters(start=quarter.start, end=today), scope)
    area_ids = scope.neighbourhood_ids()
    in_scope = [Initiative.neighbourhood_id.in_(area_ids)] if area_ids is not None else []
    oldest_id = oldest_open_ids(session, everything, limit=1)
    oldest = None
    if oldest_id:
        oldest = session.scalar(
            sa.select(Barrier)
            .where(Barrier.id == oldest_id[0])
            .options(
                selectinload(Barrier.category),
                # what `case_texts` needs to show the case's title to this reader
                selectinload(Barrier.initiative).selectinload(Initiative.team),
                selectinload(Barrier.initiative).selectinload(Initiative.initiators),
            )
        )
    figures = chosen_figures()
    barriers = figures["counts"](session, everything, today)
    helps = figures["helps"](session, this_quarter, today)
    return KeyFigures(
        today=today,
        open_cases=_count(
            session, Initiative, Initiative.stage.in_(OPEN_STAGES), Initiative.not_withdrawn(), *in_scope
        ),
        open_barriers=sum(row[-1] for row in barriers if row[3] == BarrierStatus.OPEN),
        oldest_open=oldest,
        quarter=quarter,
        helps_this_quarter=sum(row[-1] for row in helps),
    )
