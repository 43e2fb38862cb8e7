"""Which barriers and helps the dashboard counts: its filters within the user's scope, as SQL
conditions (`Selection`); and which categories it shows."""

import dataclasses
from dataclasses import replace

import sqlalchemy as sa

from initiatives.barriers.lifecycle import BarrierStatus
from initiatives.barriers.models import Barrier, Help, HelpEffect
from initiatives.cases.models import Initiative, initiative_themes
from initiatives.core.sql import not_indexed

IS_OPEN = Barrier.status == BarrierStatus.OPEN


class Selection:
    """The dashboard's filters within a user's scope, as SQL conditions on barriers and helps.

    Barriers count when raised in the period; helps when requested in it. Department and stage
    describe barriers: for helps they select those that addressed such a barrier. Those of a
    withdrawn case count nowhere, and for the council report neither do those of a case left out
    of it (`counted`).
    """

    def __init__(self, filters, scope):
        self.filters = filters
        self.scope = scope
        self._area_ids = ()  # not read yet
        #: Searched by the period's index alone (`within`).
        self.by_period = False
        self._left_out = False
        self._leaves_out_any = None

    def area_ids(self):
        """The ids of the neighbourhoods covered; None for the whole municipality.

        Read once (the buurten may need loading), so that the conditions can be made in another
        thread later without touching the request's session (`aggregates`).
        """
        if self._area_ids == ():
            area = self.filters.neighbourhood
            if area is not None:
                self._area_ids = area.area_ids
            else:
                self._area_ids = self.scope.neighbourhood_ids()
        return self._area_ids

    def prepare(self):
        """Load what the conditions read of the filters' objects, with the request's session in
        the request's thread: another thread may then make them without touching that session."""
        self.area_ids()
        for term in (self.filters.department, self.filters.theme):
            if term is not None:
                term.id  # noqa: B018 (loads it if it was expired)

    def within(self, start, end):
        """This selection for the days from `start` to `end` only (within its period), whose
        conditions search no index but the period's: for the few days at the edges of a period
        that the tallies count by whole months (`barrier_tallies`), which the period's index finds
        among millions where an index by neighbourhood, department or theme would read them all."""
        edge = Selection(replace(self.filters, start=start, end=end), self.scope)
        edge._area_ids = self.area_ids()
        edge.by_period = True
        return edge

    def _filtering(self, column):
        """`column` in a condition that should not be searched by its index (`within`)."""
        return not_indexed(column) if self.by_period else column

    def theme(self, initiative_id):
        """The condition on a case's theme, of rows with the case's id `initiative_id`; if any."""
        if self.filters.theme is None:
            return []
        with_theme = sa.select(initiative_themes.c.initiative_id).where(
            initiative_themes.c.theme_id == self.filters.theme.id
        )
        return [self._filtering(initiative_id).in_(with_theme)]

    def counted(self, initiative_id):
        """The condition that the case of rows with the case's id `initiative_id` counts.

        Not one of the few cases withdrawn or merged into another (or left out of the council report, for it): a set
        read once per query, from the indexes of `withdrawn_at` and `merged_into_id`, and looked up per row by the case's
        id, which every covering index of barriers, helps and effects holds."""
        left_out_ids = self._left_out_ids()
        if self._left_out:
            return [initiative_id.in_(left_out_ids)]
        return [initiative_id.not_in(left_out_ids)]

    def leaves_out_any(self, session):
        """Whether `counted` leaves out any case at all: read once (by the indexes), from whichever
        thread asks first."""
        if self._leaves_out_any is None:
            self._leaves_out_any = session.scalar(sa.select(sa.exists(self._left_out_ids().subquery())))
        return self._leaves_out_any

    def _left_out_ids(self):
        """The ids of the cases `counted` leaves out: withdrawn, merged into another, and for the
        council report those left out of it. One SELECT per condition: with OR, SQLite reads every
        case instead of the indexes."""
        left_out = [
            sa.select(Initiative.id).where(Initiative.withdrawn_at.is_not(None)),
            sa.select(Initiative.id).where(Initiative.merged_into_id.is_not(None)),
        ]
        if self.filters.council_report:
            left_out.append(sa.select(Initiative.id).where(Initiative.in_council_report == sa.false()))
        return sa.union_all(*left_out)

    def with_period(self, start, end):
        """The same selection for the period from `start` to `end` (inclusive; None: open)."""
        other = Selection(dataclasses.replace(self.filters, start=start, end=end), self.scope)
        other._area_ids = self._area_ids
        other._left_out = self._left_out
        return other

    def left_out(self):
        """The same selection of the cases that `counted` leaves out instead of those it counts:
        for the tallies, which count every case (`help_tallies`)."""
        other = self.with_period(self.filters.start, self.filters.end)
        other._left_out = True
        return other

    def _of_cases(self, initiative_id, neighbourhood_id=None, theme=True, counted=True):
        """Conditions on the case a barrier or help belongs to: that it counts (unless `counted`
        is False), its neighbourhood and theme (unless `theme` is False). A barrier knows its
        case's neighbourhood (`neighbourhood_id`); a help asks its case."""
        conditions = self.counted(initiative_id) if counted else []
        area_ids = self.area_ids()
        if area_ids is not None:
            if neighbourhood_id is not None:
                conditions.append(self._filtering(neighbourhood_id).in_(area_ids))
            else:
                in_area = sa.select(Initiative.id).where(Initiative.neighbourhood_id.in_(area_ids))
                conditions.append(initiative_id.in_(in_area))
        if theme:
            conditions += self.theme(initiative_id)
        return conditions

    def of_cases(self, initiative_id, neighbourhood_id=None):
        """Conditions on the case of rows of another domain (the stakeholders): that it counts, its
        area and its theme."""
        return self._of_cases(initiative_id, neighbourhood_id)

    def barrier_kind(self, department=True):
        """Conditions on what a barrier is: where it arose (unless `department` is False) and the
        stage the case was in."""
        conditions = []
        if department and self.filters.department is not None:
            conditions.append(self._filtering(Barrier.department_id) == self.filters.department.id)
        if self.filters.stage is not None:
            conditions.append(self._filtering(Barrier.stage) == self.filters.stage)
        return conditions

    def barriers(self, period_index=True, theme=True, counted=True, department=True):
        """Conditions on the selected barriers. `period_index=False`: SQLite should not search an
        index by the period, because the query reads its barriers in another order (along the
        case, or from the helps' effects) and only filters by the period. `theme=False` and
        `counted=False` leave out the theme and whether the case counts, for a query that has
        said so already (`theme`, `counted`). `department=False` leaves out where it arose, for the
        stakeholders' figures, whose department filter means the stakeholder's department."""
        of_cases = self._of_cases(Barrier.initiative_id, Barrier.neighbourhood_id, theme, counted)
        conditions = [*self.barrier_kind(department), *of_cases]
        raised_on = Barrier.raised_on if period_index or self.by_period else not_indexed(Barrier.raised_on)
        if self.filters.start:
            conditions.append(raised_on >= self.filters.start)
        if self.filters.end:
            conditions.append(raised_on <= self.filters.end)
        return conditions

    def closed_cases(self):
        """Conditions on the cases closed in the period that count, in the area and of the theme
        (the satisfaction figures: department and stage describe barriers, not cases)."""
        conditions = [
            Initiative.closed_on.is_not(None),
            *self._of_cases(Initiative.id, Initiative.neighbourhood_id),
        ]
        if self.filters.start:
            conditions.append(Initiative.closed_on >= self.filters.start)
        if self.filters.end:
            conditions.append(Initiative.closed_on <= self.filters.end)
        return conditions

    def helps(self, of_kind=True, period_index=True, theme=True, counted=True):
        """Conditions on the selected helps. `of_kind=False` leaves out that they addressed a
        barrier of the selected kind, for a query that has said so already; `period_index=False`,
        `theme=False` and `counted=False` as for `barriers`."""
        conditions = self._of_cases(Help.initiative_id, theme=theme, counted=counted)
        requested_on = Help.requested_on if period_index else not_indexed(Help.requested_on)
        if self.filters.start:
            conditions.append(requested_on >= self.filters.start)
        if self.filters.end:
            conditions.append(requested_on <= self.filters.end)
        kind = self.barrier_kind() if of_kind else None
        if kind:
            addressed = sa.select(HelpEffect.help_id).join(Barrier, Barrier.id == HelpEffect.barrier_id)
            conditions.append(Help.id.in_(addressed.where(*kind)))
        return conditions


def shown_terms(terms, ids_with_data):
    """Active categories, and retired ones only where they have data, in the admin's order."""
    return [term for term in terms if term.active or term.id in ids_with_data]
