"""The geometry of the dashboard's SVG charts; templates/macros/charts.html draws it.

Colour never carries meaning alone: bar segments differ by pattern too (open barriers are
hatched), and each line of the trend chart has its own marker shape and dash pattern.
"""

import math
from dataclasses import dataclass, field

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

#: The drawing's coordinate system; the SVG scales to the width of the page.
WIDTH = 720
LABEL_WIDTH = 250
VALUE_WIDTH = 150
#: A generous width of one character of a value text: a longer text makes its bars shorter, so
#: that it ends inside the drawing (on a phone, the drawing is the width of the screen).
VALUE_CHARACTER_WIDTH = 7.5
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 8
LEGEND_ROW = 26
#: Longest label drawn in full inside a chart; the table after it has the whole label.
LABEL_LENGTH = 33

#: Line colours, each with at least 3:1 contrast on white.
COLOURS = ("#0b4f8a", "#a4000f", "#1a6e2e", "#6a3d9a", "#8a4b00", "#333333", "#9c005d")
MARKERS = ("circle", "square", "triangle", "diamond", "triangle_down", "cross", "plus")
DASHES = ("", "8 4", "2 3")


@dataclass(frozen=True)
class SegmentStyle:
    """How one part of a bar looks: `fill` is a colour or a pattern name from the macros."""

    key: str
    label: str
    fill: str


#: Barriers: closed ones solid, open ones hatched.
CLOSED = SegmentStyle("closed", _l("resolved or accepted"), "solid")
OPEN = SegmentStyle("open", _l("still open"), "hatch")
#: Helps, from what worked to what was refused.
HELP_STYLES = (
    SegmentStyle("resolved", _l("applied and resolved a barrier"), "solid"),
    SegmentStyle("applied_only", _l("applied, resolved nothing (yet)"), "tint"),
    SegmentStyle("granted_only", _l("granted, not yet applied"), "dots"),
    SegmentStyle("pending", _l("requested, not yet decided"), "hatch"),
    SegmentStyle("refused", _l("refused"), "crosshatch"),
)


@dataclass
class Segment:
    style: SegmentStyle
    value: int
    x: float
    width: float


@dataclass
class BarRow:
    label: str
    y: float
    segments: list
    value_text: str
    end: float  # where the bar ends: the value text follows

    @property
    def short_label(self):
        return shorten(self.label)


@dataclass
class BarChart:
    id: str
    title: str
    rows: list
    legend: list = field(default_factory=list)  # SegmentStyle per legend entry

    width = WIDTH
    label_x = LABEL_WIDTH - 8
    bar_height = BAR_HEIGHT

    @property
    def height(self):
        legend_rows = math.ceil(len(self.legend) / 2)
        return TOP + len(self.rows) * ROW_HEIGHT + legend_rows * LEGEND_ROW + 8

    def legend_position(self, index):
        """Two columns of legend entries under the bars."""
        return (8 + (index % 2) * WIDTH / 2, self.legend_y + (index // 2) * LEGEND_ROW)

    @property
    def legend_y(self):
        return TOP + len(self.rows) * ROW_HEIGHT + 12


def shorten(label):
    label = str(label)
    return label if len(label) <= LABEL_LENGTH else label[: LABEL_LENGTH - 1].rstrip() + "…"


def bar_chart(chart_id, title, items, styles, *, legend=True):
    """A horizontal bar chart; `items` are (label, {style key: value}, value text) triples and
    each bar stacks its segments in the order of `styles`."""
    largest = max((sum(values.values()) for _label, values, _text in items), default=0)
    longest_text = max((len(str(text)) for _label, _values, text in items), default=0)
    value_width = max(VALUE_WIDTH, longest_text * VALUE_CHARACTER_WIDTH)
    scale = (WIDTH - LABEL_WIDTH - value_width) / largest if largest else 0
    rows = []
    for index, (label, values, value_text) in enumerate(items):
        x = LABEL_WIDTH
        segments = []
        for style in styles:
            width = values.get(style.key, 0) * scale
            if width:
                segments.append(Segment(style, values[style.key], x, width))
            x += width
        rows.append(BarRow(label, TOP + index * ROW_HEIGHT, segments, value_text, x))
    return BarChart(chart_id, title, rows, list(styles) if legend and len(styles) > 1 else [])


# -- the trend: a line per category ------------------------------------------------------------

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

    @property
    def short_label(self):
        return shorten(self.label)


@dataclass
class LineChart:
    width = WIDTH
    plot_left = PLOT_LEFT

    id: str
    title: str
    ticks: list
    x_labels: list
    lines: list
    plot_bottom: float
    plot_right: float

    @property
    def legend_top(self):
        return self.plot_bottom + AXIS_LABELS

    @property
    def height(self):
        return self.legend_top + math.ceil(len(self.lines) / 2) * LEGEND_ROW + 8

    def legend_position(self, index):
        """Two columns of legend entries under the plot."""
        return (
            PLOT_LEFT + (index % 2) * (WIDTH - PLOT_LEFT) / 2,
            self.legend_top + (index // 2) * LEGEND_ROW,
        )


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
    """A line chart; `series` are (label, values) pairs with one value per x text."""
    top_value = nice_ceiling(max((value for _label, values in series for value in values), default=0))
    plot_bottom = PLOT_TOP + PLOT_HEIGHT
    plot_right = WIDTH - PLOT_RIGHT
    step = (plot_right - PLOT_LEFT) / max(len(x_texts) - 1, 1)

    def y_of(value):
        return plot_bottom - value / top_value * PLOT_HEIGHT

    tick_step = max(1, top_value // 5) if top_value >= 5 else 1
    ticks = [Tick(value, y_of(value)) for value in range(0, top_value + 1, tick_step)]
    every = max(1, math.ceil(len(x_texts) / 8))
    x_labels = [
        XLabel(str(text), PLOT_LEFT + index * step)
        for index, text in enumerate(x_texts)
        if index % every == 0
    ]
    lines = [
        Line(
            label,
            COLOURS[index % len(COLOURS)],
            DASHES[(index // len(MARKERS)) % len(DASHES)],
            MARKERS[index % len(MARKERS)],
            [(PLOT_LEFT + position * step, y_of(value)) for position, value in enumerate(values)],
        )
        for index, (label, values) in enumerate(series)
    ]
    return LineChart(chart_id, title, ticks, x_labels, lines, plot_bottom, plot_right)


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


# -- the dashboard's charts ---------------------------------------------------------------------


def _tally_chart(chart_id, title, tallies):
    items = [
        (
            tally.label,
            {"closed": tally.closed, "open": tally.open},
            _("%(total)d, %(open)d open", total=tally.total, open=tally.open),
        )
        for tally in tallies
    ]
    return bar_chart(chart_id, title, items, (CLOSED, OPEN))


def _days(value):
    return "–" if value is None else format_decimal(round(value, 1))


def dashboard_charts(dashboard):
    """The charts of `dashboard`, by name."""
    trend = dashboard.trend
    solid = SegmentStyle("value", "", "solid")
    hatched = SegmentStyle("value", "", "hatch")
    crosshatched = SegmentStyle("value", "", "crosshatch")
    return {
        "category": _tally_chart("chart-category", _("Barriers per category"), dashboard.by_category),
        "department": _tally_chart("chart-department", _("Barriers per department"), dashboard.by_department),
        "neighbourhood": _tally_chart(
            "chart-neighbourhood", _("Barriers per wijk"), dashboard.by_neighbourhood
        ),
        "stage": _tally_chart("chart-stage", _("Barriers per stage"), dashboard.by_stage),
        "trend": line_chart(
            "chart-trend",
            _("Barriers raised per quarter, per category"),
            [quarter.label for quarter in trend.quarters],
            [(series.label, series.counts) for series in trend.series],
        ),
        "resolve": bar_chart(
            "chart-resolve",
            _("Median days to resolve, per category"),
            [
                (
                    row.label,
                    {"value": row.median or 0},
                    _(
                        "%(median)s days (90th percentile %(p90)s)",
                        median=_days(row.median),
                        p90=_days(row.p90),
                    )
                    if row.resolved
                    else _("none resolved"),
                )
                for row in dashboard.time_to_resolve
            ],
            (solid,),
        ),
        "age": bar_chart(
            "chart-age",
            _("Open barriers by age"),
            [
                (bucket.label, {"value": count}, str(count))
                for bucket in dashboard.open_by_age.buckets
                for count in [dashboard.open_by_age.bucket_total(bucket.key)]
            ],
            (hatched,),
        ),
        "helps": bar_chart(
            "chart-helps",
            _("Helps per category: what became of them"),
            [
                (
                    tally.label,
                    {
                        "resolved": tally.resolved,
                        "applied_only": tally.applied - tally.resolved,
                        "granted_only": tally.granted - tally.applied,
                        "pending": tally.pending,
                        "refused": tally.refused,
                    },
                    _(
                        "%(resolved)d of %(requested)d resolved",
                        resolved=tally.resolved,
                        requested=tally.requested,
                    ),
                )
                for tally in dashboard.help_effectiveness
            ],
            HELP_STYLES,
        ),
        "refusals": bar_chart(
            "chart-refusals",
            _("Refused helps per decider"),
            [
                (refusal.label, {"value": refusal.refused}, str(refusal.refused))
                for refusal in dashboard.refusals
            ],
            (crosshatched,),
        ),
    }
