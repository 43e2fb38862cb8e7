"""The dashboard's map: per buurt or wijk the initiatives that came in during the period, the
barriers raised in it and how many of those are still open, and barriers per 10 initiatives."""

import enum
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from initiatives.cases.models import Initiative
from initiatives.organisation.models import Neighbourhood


class MapMeasure(enum.Enum):
    INITIATIVES = "initiatives"
    OPEN_BARRIERS = "open_barriers"
    BARRIERS_PER_10_INITIATIVES = "barriers_per_10_initiatives"

    @property
    def title(self):
        return {
            MapMeasure.INITIATIVES: _l("Initiatives"),
            MapMeasure.OPEN_BARRIERS: _l("Open barriers"),
            MapMeasure.BARRIERS_PER_10_INITIATIVES: _l("Barriers per 10 initiatives"),
        }[self]


class MapLevel(enum.Enum):
    BUURT = "buurt"
    WIJK = "wijk"

    @property
    def title(self):
        return _l("Per buurt") if self is MapLevel.BUURT else _l("Per wijk")


@dataclass
class AreaFigures:
    """The figures of one wijk (with its buurten) or buurt."""

    id: int
    code: str
    name: str
    wijk_code: str  # the wijk's code for a buurt, its own for a wijk
    initiatives: int = 0
    barriers: int = 0
    open_barriers: int = 0

    @property
    def barriers_per_10_initiatives(self):
        """Barriers per 10 initiatives, to one decimal; None without initiatives."""
        if not self.initiatives:
            return None
        exact = Decimal(self.barriers * 10) / Decimal(self.initiatives)
        return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))

    def value(self, measure):
        return getattr(self, measure.value)


@dataclass
class AreaMap:
    level: MapLevel
    areas: list  # AreaFigures, by code
    #: Initiatives of a wijk without a buurt given: at buurt level they are in no area.
    without_buurt: int = 0


def initiative_counts(session, selection):
    """(neighbourhood id, initiatives) of the cases that count, in the area and of the theme,
    that came in during the period; department and stage describe barriers, not cases."""
    conditions = selection.of_cases(Initiative.id, Initiative.neighbourhood_id)
    if selection.filters.start:
        conditions.append(Initiative.received_on >= selection.filters.start)
    if selection.filters.end:
        conditions.append(Initiative.received_on <= selection.filters.end)
    rows = session.execute(
        sa.select(Initiative.neighbourhood_id, sa.func.count())
        .where(*conditions)
        .group_by(Initiative.neighbourhood_id)
    )
    return [(neighbourhood_id, int(count)) for neighbourhood_id, count in rows]


def area_map(session, selection, initiative_rows, barrier_rows, level):
    """The AreaFigures of the wijken or buurten the selection covers, from `initiative_counts` and
    `barrier_figures.neighbourhood_counts`. A buurt filter shows its buurt at either level."""
    neighbourhoods = {
        row.id: row for row in session.scalars(sa.select(Neighbourhood).order_by(Neighbourhood.code))
    }
    covered = selection.area_ids()
    if selection.filters.neighbourhood is not None and not selection.filters.neighbourhood.is_wijk:
        level = MapLevel.BUURT
    wanted = [
        row
        for row in neighbourhoods.values()
        if (row.is_wijk == (level is MapLevel.WIJK)) and (covered is None or row.id in covered)
    ]
    figures = {row.id: AreaFigures(row.id, row.code, row.name, row.wijk.code) for row in wanted}
    without_buurt = 0

    def area_of(neighbourhood_id):
        row = neighbourhoods[neighbourhood_id]
        return figures.get(row.wijk.id if level is MapLevel.WIJK else row.id)

    for neighbourhood_id, count in initiative_rows:
        area = area_of(neighbourhood_id)
        if area is not None:
            area.initiatives += count
        elif level is MapLevel.BUURT and neighbourhoods[neighbourhood_id].is_wijk:
            without_buurt += count
    for neighbourhood_id, total, still_open in barrier_rows:
        area = area_of(neighbourhood_id)
        if area is not None:
            area.barriers += total
            area.open_barriers += still_open
    shown = [
        area
        for area in figures.values()
        if neighbourhoods[area.id].active or area.initiatives or area.barriers
    ]
    return AreaMap(level, shown, without_buurt)
