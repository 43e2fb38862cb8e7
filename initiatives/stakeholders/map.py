"""The geometry of the stakeholder map and of the influence/interest grid, drawn as SVG by
templates/stakeholders/_map.html (Jinja escapes every text).

The map: the initiative in the middle, inside the municipality on the left half and outside on
the right; a stakeholder's distance from the middle follows its influence (5 lies on the inner
ring, 1 on the outer), its angle spreads the stakeholders of one ring over its half. Each marker
is coloured AND shaped by stance (never colour alone): for a circle, neutral a square, against a
triangle with a cross-hatch, not known a hollow diamond.
"""

import math
from collections import defaultdict
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from initiatives.stakeholders.kinds import SCORES, Side, Stance

WIDTH = 720
HEIGHT = 460
CENTRE_X = WIDTH / 2
CENTRE_Y = 220
#: The radius of influence 5's ring; each point less lies RING_STEP further out.
INNER_RADIUS = 60
RING_STEP = 34
#: A marker's half size.
MARKER = 11
#: How far from the vertical axis the markers of a half keep (degrees), so the halves stay apart.
AXIS_MARGIN = 14
LEGEND_Y = HEIGHT - 22


@dataclass(frozen=True)
class StanceStyle:
    stance: Stance
    #: The marker's shape (circle, square, triangle, diamond) and fill: a colour, or a pattern
    #: drawn in the template (crosshatch) or none (hollow).
    shape: str
    colour: str
    fill: str

    @property
    def mark_path(self):
        """The shape for a small mark beside a text (the table), centred on (0, 0)."""
        return shape_path(self.shape, 0, 0, 9)


#: Colours with at least 3:1 contrast to white; the shapes carry the stance too.
STANCE_STYLES = {
    Stance.FOR: StanceStyle(Stance.FOR, "circle", "#1a7a34", "#1a7a34"),
    Stance.NEUTRAL: StanceStyle(Stance.NEUTRAL, "square", "#5c5c5c", "#5c5c5c"),
    Stance.AGAINST: StanceStyle(Stance.AGAINST, "triangle", "#a4000f", "crosshatch"),
    Stance.UNKNOWN: StanceStyle(Stance.UNKNOWN, "diamond", "#0b4f8a", "none"),
}


def radius_for(influence):
    """The distance from the middle of a stakeholder with `influence` (5 closest)."""
    return INNER_RADIUS + (max(SCORES) - influence) * RING_STEP


def shape_path(shape, x, y, size=MARKER):
    """An SVG path of `shape` centred on (x, y)."""
    if shape == "circle":
        return f"M {x - size:.1f} {y:.1f} a {size} {size} 0 1 0 {2 * size} 0 a {size} {size} 0 1 0 {-2 * size} 0 Z"
    if shape == "square":
        side = size * 0.9
        return f"M {x - side:.1f} {y - side:.1f} h {2 * side:.1f} v {2 * side:.1f} h {-2 * side:.1f} Z"
    if shape == "triangle":
        return f"M {x:.1f} {y - size * 1.15:.1f} L {x + size * 1.1:.1f} {y + size * 0.8:.1f} L {x - size * 1.1:.1f} {y + size * 0.8:.1f} Z"
    return f"M {x:.1f} {y - size * 1.2:.1f} L {x + size:.1f} {y:.1f} L {x:.1f} {y + size * 1.2:.1f} L {x - size:.1f} {y:.1f} Z"


@dataclass
class Marker:
    stakeholder: object
    #: The stakeholder as the reader may see it (`naming.stakeholder_label`).
    label: str
    number: int
    x: float
    y: float
    style: StanceStyle

    @property
    def path(self):
        return shape_path(self.style.shape, self.x, self.y)

    @property
    def distance(self):
        return math.hypot(self.x - CENTRE_X, self.y - CENTRE_Y)


@dataclass
class LegendEntry:
    style: StanceStyle
    x: float

    @property
    def path(self):
        return shape_path(self.style.shape, self.x + 10, LEGEND_Y, size=8)

    @property
    def text_x(self):
        return self.x + 24

    @property
    def text_y(self):
        return LEGEND_Y + 5

    @property
    def title(self):
        return self.style.stance.title


@dataclass
class StakeholderMap:
    id: str
    markers: list
    rings: list  # (influence, radius)
    legend: list
    width: int = WIDTH
    height: int = HEIGHT
    centre_x: float = CENTRE_X
    centre_y: float = CENTRE_Y
    inside_title: str = _l("Inside the municipality")
    outside_title: str = _l("Outside the municipality")


def _angles(count):
    """`count` angles (degrees from straight up, clockwise) spread over one half, away from its axis."""
    low, high = AXIS_MARGIN, 180 - AXIS_MARGIN
    if count == 1:
        return [90.0]
    step = (high - low) / (count - 1)
    return [low + index * step for index in range(count)]


def stakeholder_map(stakeholders, labels, map_id="stakeholder-map"):
    """The map of `stakeholders` (in table order, numbered from 1 as in the table); `labels` holds
    each one's label as the reader may see it, in the same order."""
    rings = defaultdict(list)
    for number, (stakeholder, label) in enumerate(zip(stakeholders, labels, strict=True), start=1):
        rings[(stakeholder.side, stakeholder.influence)].append((number, stakeholder, label))
    markers = []
    for (side, influence), members in rings.items():
        radius = radius_for(influence)
        sign = -1 if side == Side.INSIDE else 1  # inside on the left
        for angle, (number, stakeholder, label) in zip(_angles(len(members)), members, strict=True):
            radians = math.radians(angle)
            x = CENTRE_X + sign * radius * math.sin(radians)
            y = CENTRE_Y - radius * math.cos(radians)
            markers.append(Marker(stakeholder, label, number, x, y, STANCE_STYLES[stakeholder.stance]))
    markers.sort(key=lambda marker: marker.number)
    legend = [LegendEntry(style, 40 + index * 170) for index, style in enumerate(STANCE_STYLES.values())]
    return StakeholderMap(
        id=map_id,
        markers=markers,
        rings=[(score, radius_for(score)) for score in sorted(SCORES, reverse=True)],
        legend=legend,
    )


@dataclass
class GridCell:
    influence: int
    interest: int
    #: (number, label, stance) of the stakeholders in the cell.
    members: list


def influence_interest_grid(stakeholders, labels):
    """The 5x5 grid: rows influence 5 down to 1, columns interest 1 to 5; each cell lists the
    stakeholders (by their number on the map) that score so."""
    cells = {(influence, interest): [] for influence in SCORES for interest in SCORES}
    for number, (stakeholder, label) in enumerate(zip(stakeholders, labels, strict=True), start=1):
        cells[(stakeholder.influence, stakeholder.interest)].append((number, label, stakeholder.stance))
    return [
        [GridCell(influence, interest, cells[(influence, interest)]) for interest in SCORES]
        for influence in sorted(SCORES, reverse=True)
    ]
