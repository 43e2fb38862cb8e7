"""The geometry of the dashboard's trend chart, a line per category; templates/macros/charts.html
draws it. Colour never carries meaning alone: each line has its own marker shape and dash pattern.
"""

import math
from dataclasses import dataclass

from flask_babel import format_number

from initiatives.dashboard.chart_layout import FONT_SIZE, GAP, WIDTH, legend_entries
from initiatives.dashboard.text_fit import text_width

#: Line colours, each with at least 3:1 contrast on white.
COLOURS = ("#0b4f8a", "#a4000f", "#1a6e2e", "#6a3d9a", "#8a4b00", "#333333", "#9c005d")
MARKERS = ("circle", "square", "triangle", "diamond", "triangle_down", "cross", "plus")
DASHES = ("", "8 4", "2 3")

PLOT_LEFT = 48
PLOT_TOP = 12
PLOT_HEIGHT = 220
PLOT_RIGHT = 40
AXIS_LABELS = 40
MARKER_SIZE = 5


@dataclass
class Tick:
    value: int
    y: float

    @property
    def text(self):
        return format_number(self.value)


@dataclass
class XLabel:
    text: str
    x: float


@dataclass
class Line:
    label: str
    colour: str
    dash: str
    marker: str
    points: list  # (x, y) pairs

    @property
    def path(self):
        return " ".join(
            f"{'M' if index == 0 else 'L'} {x:.1f} {y:.1f}" for index, (x, y) in enumerate(self.points)
        )

    @property
    def markers(self):
        return [marker_path(self.marker, x, y) for x, y in self.points]

    def marker_at(self, x, y):
        return marker_path(self.marker, x, y)

    @property
    def marker_fill(self):
        """Crosses and plus signs are strokes only; the other shapes are filled."""
        return "none" if self.marker in STROKED_MARKERS else self.colour


@dataclass
class LineChart:
    width = WIDTH
    font_size = FONT_SIZE

    id: str
    title: str
    ticks: list
    x_labels: list
    lines: list
    plot_left: float
    plot_bottom: float
    plot_right: float
    legend: list  # LegendEntry per line
    height: float


def nice_ceiling(value):
    """The smallest of 1, 2, 5, 10, 20, 50... at least `value` (1 for nothing)."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def line_chart(chart_id, title, x_texts, series):
    """A line chart; `series` are (label, values) pairs with one value per x text.

    The plot leaves room for its tick values on the left and for half the last x label on the
    right; x labels are spaced so that they do not overlap, and the legend's labels wrap."""
    top_value = nice_ceiling(max((value for _label, values in series for value in values), default=0))
    plot_bottom = PLOT_TOP + PLOT_HEIGHT

    def y_of(value):
        return plot_bottom - value / top_value * PLOT_HEIGHT

    tick_step = max(1, top_value // 5) if top_value >= 5 else 1
    ticks = [Tick(value, y_of(value)) for value in range(0, top_value + 1, tick_step)]
    widest_tick = max(text_width(tick.text, FONT_SIZE) for tick in ticks)
    x_texts = [str(text) for text in x_texts]
    widest_x = max((text_width(text, FONT_SIZE) for text in x_texts), default=0)
    plot_left = max(PLOT_LEFT, widest_tick + 2 * GAP, widest_x / 2 + GAP)
    plot_right = WIDTH - max(PLOT_RIGHT, widest_x / 2 + GAP)
    step = (plot_right - plot_left) / max(len(x_texts) - 1, 1)
    every = max(1, math.ceil((widest_x + 2 * GAP) / step))
    x_labels = [
        XLabel(text, plot_left + index * step) for index, text in enumerate(x_texts) if index % every == 0
    ]
    lines = [
        Line(
            label,
            COLOURS[index % len(COLOURS)],
            DASHES[(index // len(MARKERS)) % len(DASHES)],
            MARKERS[index % len(MARKERS)],
            [(plot_left + position * step, y_of(value)) for position, value in enumerate(values)],
        )
        for index, (label, values) in enumerate(series)
    ]
    legend_top = plot_bottom + AXIS_LABELS
    entries, legend_height = legend_entries(lines, [line.label for line in lines], plot_left, legend_top, 42)
    return LineChart(
        chart_id,
        title,
        ticks,
        x_labels,
        lines,
        plot_left,
        plot_bottom,
        plot_right,
        entries,
        legend_top + legend_height + 8,
    )


def marker_path(shape, x, y, size=MARKER_SIZE):
    """An SVG path for a marker of `shape` centred on (x, y)."""
    r = size
    if shape == "circle":
        return f"M {x - r:.1f} {y:.1f} a {r} {r} 0 1 0 {2 * r} 0 a {r} {r} 0 1 0 {-2 * r} 0 Z"
    if shape == "square":
        return f"M {x - r:.1f} {y - r:.1f} h {2 * r} v {2 * r} h {-2 * r} Z"
    if shape == "triangle":
        return f"M {x:.1f} {y - r - 1:.1f} L {x + r + 1:.1f} {y + r:.1f} L {x - r - 1:.1f} {y + r:.1f} Z"
    if shape == "triangle_down":
        return f"M {x:.1f} {y + r + 1:.1f} L {x + r + 1:.1f} {y - r:.1f} L {x - r - 1:.1f} {y - r:.1f} Z"
    if shape == "diamond":
        return f"M {x:.1f} {y - r - 1:.1f} L {x + r + 1:.1f} {y:.1f} L {x:.1f} {y + r + 1:.1f} L {x - r - 1:.1f} {y:.1f} Z"
    if shape == "cross":
        return f"M {x - r:.1f} {y - r:.1f} L {x + r:.1f} {y + r:.1f} M {x - r:.1f} {y + r:.1f} L {x + r:.1f} {y - r:.1f}"
    return f"M {x - r - 1:.1f} {y:.1f} L {x + r + 1:.1f} {y:.1f} M {x:.1f} {y - r - 1:.1f} L {x:.1f} {y + r + 1:.1f}"


#: Markers drawn as strokes only (no area to fill).
STROKED_MARKERS = frozenset({"cross", "plus"})
