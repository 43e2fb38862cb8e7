"""The geometry of the dashboard's map, a choropleth per buurt or wijk drawn from the stored shapes;
templates/macros/charts.html draws it as SVG, without JavaScript.

Colour never carries meaning alone: every area shows its figure, the legend (HTML after the
drawing) gives each class its range, areas without any are dotted, and the table after the map
holds the same numbers.
Longitudes are scaled by the cosine of the map's middle latitude (an equirectangular projection),
close enough at the scale of a municipality.
"""

import math
from dataclasses import dataclass

import shapely
import shapely.geometry
from flask_babel import lazy_gettext as _l

from initiatives.core.numbers import NONE, average, number
from initiatives.dashboard.chart_layout import FONT_SIZE, WIDTH
from initiatives.dashboard.map_figures import MapMeasure
from initiatives.geo.operations import shapes_by_neighbourhood

MARGIN = 8
#: The classes' fills, lightest first; the first (nothing) is dotted as well.
CLASS_FILLS = ("dots", "#c6dbef", "#6baed6", "#2171b5", "#08306b")
#: Fills dark enough to need white figures on them.
DARK_FILLS = {"#2171b5", "#08306b"}
#: An area without a figure (barriers per 10 initiatives without initiatives): plain white.
NO_FIGURE_FILL = "#ffffff"


@dataclass
class MapClass:
    number: int
    low: float
    high: float
    label: str
    fill: str


@dataclass
class MapArea:
    code: str
    name: str
    path: str
    value_text: str
    title: str
    fill: str
    on_dark: bool  # its figure is written in white
    label_x: float
    label_y: float
    url: str | None


@dataclass
class ChoroplethMap:
    id: str
    title: str
    measure: MapMeasure
    areas: list
    classes: list
    height: float
    #: Areas in the table without a shape to draw.
    without_shape: list

    width = WIDTH
    font_size = FONT_SIZE


def value_text(measure, value):
    if value is None:
        return NONE
    return average(value) if measure is MapMeasure.BARRIERS_PER_10_INITIATIVES else number(value)


def classes(measure, values):
    """Up to five classes: nothing (0), then four of equal width up to the highest value."""
    highest = max((value for value in values if value is not None), default=0)
    found = [MapClass(0, 0, 0, value_text(measure, 0), CLASS_FILLS[0])]
    if not highest:
        return found
    whole = measure is not MapMeasure.BARRIERS_PER_10_INITIATIVES
    unit = 1 if whole else 0.1
    step = max(math.ceil(highest / 4 / unit) * unit, unit)
    low = unit
    for index in range(1, 5):
        high = round(step * index, 1)
        if low > highest:
            break
        label = (
            value_text(measure, low)
            if low == high
            else f"{value_text(measure, low)}–{value_text(measure, high)}"
        )
        found.append(MapClass(index, low, high, label, CLASS_FILLS[index]))
        low = round(high + unit, 1)
    return found


def class_of(found, value):
    if value is None:
        return None
    return next((item for item in found if item.low <= value <= item.high), found[-1])


def _projection(shapes):
    """A function from (longitude, latitude) to the drawing's (x, y), and the map's height."""
    min_lon, min_lat, max_lon, max_lat = shapely.total_bounds(list(shapes))
    scale_x = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * scale_x, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    scale = (WIDTH - 2 * MARGIN) / span_x
    height = span_y * scale + 2 * MARGIN

    def project(lon, lat):
        return MARGIN + (lon - min_lon) * scale_x * scale, MARGIN + (max_lat - lat) * scale

    return project, height


def _path(geometry, project):
    parts = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        for ring in (polygon.exterior, *polygon.interiors):
            points = [project(lon, lat) for lon, lat in ring.coords[:-1]]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def choropleth(chart_id, area_map, measure, shapes, link):
    """The map of `area_map` (map_figures.AreaMap) for `measure`; `shapes` {neighbourhood id:
    shapely geometry in WGS84}; `link(area)` the URL of an area's cases (None: no link)."""
    values = [area.value(measure) for area in area_map.areas]
    found = classes(measure, values)
    drawn = [area for area in area_map.areas if area.id in shapes]
    if not drawn:
        return None
    project, height = _projection(shapes[area.id] for area in drawn)
    areas = []
    for area in drawn:
        value = area.value(measure)
        text = value_text(measure, value)
        found_class = class_of(found, value)
        fill = found_class.fill if found_class else NO_FIGURE_FILL
        label = shapely.point_on_surface(shapes[area.id])
        label_x, label_y = project(label.x, label.y)
        areas.append(
            MapArea(
                code=area.code,
                name=area.name,
                path=_path(shapes[area.id], project),
                value_text=text,
                title=_l("%(name)s: %(figure)s", name=area.name, figure=text),
                fill=fill,
                on_dark=fill in DARK_FILLS,
                label_x=label_x,
                label_y=label_y + FONT_SIZE / 3,
                url=link(area),
            )
        )
    return ChoroplethMap(
        id=chart_id,
        title=_l("%(measure)s per area", measure=measure.title),
        measure=measure,
        areas=areas,
        classes=found,
        height=height,
        without_shape=[area for area in area_map.areas if area.id not in shapes],
    )


def dashboard_map(session, dashboard, measure, drill=None, chart_id="area-map"):
    """The choropleth of the dashboard's `area_map` for `measure`, its areas linked to their cases
    by `drill` (links.DrillDown; None: no links, as in the public report); None without shapes."""
    area_map = dashboard.area_map
    shapes = {
        neighbourhood_id: shapely.geometry.shape(geometry)
        for neighbourhood_id, geometry in shapes_by_neighbourhood(
            session, [area.id for area in area_map.areas]
        ).items()
    }

    def link(area):
        if drill is None or not area.value(measure):
            return None
        if measure is MapMeasure.INITIATIVES:
            return drill.initiatives(area.code)
        if measure is MapMeasure.OPEN_BARRIERS:
            return drill.barriers(neighbourhood=area.code, barrier_status="open")
        return drill.barriers(neighbourhood=area.code)

    return choropleth(chart_id, area_map, measure, shapes, link)
