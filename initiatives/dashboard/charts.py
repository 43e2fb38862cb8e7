"""The geometry of the dashboard's SVG charts; templates/macros/charts.html draws it.

Colour never carries meaning alone: bar segments differ by pattern too (open barriers are
hatched), and each line of the trend chart has its own marker shape and dash pattern.
"""

import math
from dataclasses import dataclass

from flask_babel import format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from initiatives.core.numbers import days
from initiatives.dashboard.text_fit import fit_lines, text_width

#: The drawing's coordinate system; the SVG scales to the width of the page.
WIDTH = 720
#: The texts' size in the drawing's units (set on the SVG, so the geometry and the text agree).
FONT_SIZE = 13
LINE_HEIGHT = 16
#: A text's baseline below the top of its line.
BASELINE = 12
LABEL_WIDTH = 250
#: Room between a bar's end and its value, and between a label and the bars.
GAP = 6
ROW_GAP = 12
BAR_HEIGHT = 18
TOP = 8
LEGEND_ROW = 26
#: Lines a label or legend entry may take; longer ones end in an ellipsis (the table after the
#: chart has the whole label).
LABEL_LINES = 2
#: The bars keep at least this much room, however long their values' texts are.
MIN_BAR_ROOM = 160

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
class TextLine:
    text: str
    y: float  # the baseline


def _text_lines(lines, top):
    """The lines of a wrapped text as TextLines, the first one's line starting at `top`."""
    return [TextLine(text, top + BASELINE + index * LINE_HEIGHT) for index, text in enumerate(lines)]


@dataclass
class BarRow:
    label: str
    label_lines: list  # TextLine per line of the label, wrapped to fit LABEL_WIDTH
    y: float  # the bar's top
    segments: list
    value_text: str
    end: float  # where the bar ends: the value text follows

    @property
    def value_x(self):
        return self.end + GAP

    @property
    def value_y(self):
        return self.y + BASELINE + (BAR_HEIGHT - LINE_HEIGHT) / 2


@dataclass
class LegendEntry:
    item: object  # a SegmentStyle (bar chart) or a Line (trend)
    x: float
    y: float  # the top of the entry's swatch
    lines: list  # TextLine per line of its label


def legend_entries(items, labels, left, top, text_offset):
    """Legend entries in two columns from `left`, starting at `top`; each label wrapped to the
    room its column leaves after the swatch (`text_offset`). Returns (entries, their height)."""
    column = (WIDTH - left) / 2
    room = column - text_offset - GAP
    entries, y = [], top
    for first in range(0, len(items), 2):
        wrapped = [fit_lines(label, room, FONT_SIZE, LABEL_LINES) for label in labels[first : first + 2]]
        for offset, (item, lines) in enumerate(zip(items[first : first + 2], wrapped, strict=True)):
            x = left + offset * column
            entries.append(LegendEntry(item, x, y, _text_lines(lines, y - 1)))
        y += max(LEGEND_ROW, max(len(lines) for lines in wrapped) * LINE_HEIGHT + 10)
    return entries, y - top


@dataclass
class BarChart:
    id: str
    title: str
    rows: list
    legend: list  # LegendEntry per style shown in the legend
    height: float

    width = WIDTH
    font_size = FONT_SIZE
    label_x = LABEL_WIDTH - GAP
    bar_height = BAR_HEIGHT


def bar_chart(chart_id, title, items, styles, *, legend=True):
    """A horizontal bar chart; `items` are (label, {style key: value}, value text) triples and
    each bar stacks its segments in the order of `styles`.

    Labels wrap onto two lines (then shorten), and the bars leave room for the longest value text,
    so that nothing runs past the drawing."""
    value_room = max((text_width(text, FONT_SIZE) for _label, _values, text in items), default=0) + 2 * GAP
    bar_room = max(WIDTH - LABEL_WIDTH - value_room, MIN_BAR_ROOM)
    largest = max((sum(values.values()) for _label, values, _text in items), default=0)
    scale = bar_room / largest if largest else 0
    rows, top = [], TOP
    for label, values, value_text in items:
        lines = fit_lines(label, LABEL_WIDTH - 2 * GAP, FONT_SIZE, LABEL_LINES)
        height = max(BAR_HEIGHT, len(lines) * LINE_HEIGHT)
        x = LABEL_WIDTH
        segments = []
        for style in styles:
            width = values.get(style.key, 0) * scale
            if width:
                segments.append(Segment(style, values[style.key], x, width))
            x += width
        label_top = top + (height - len(lines) * LINE_HEIGHT) / 2
        bar_top = top + (height - BAR_HEIGHT) / 2
        rows.append(BarRow(str(label), _text_lines(lines, label_top), bar_top, segments, value_text, x))
        top += height + ROW_GAP
    shown = list(styles) if legend and len(styles) > 1 else []
    entries, legend_height = legend_entries(shown, [style.label for style in shown], 8, top + 4, 32)
    return BarChart(chart_id, title, rows, entries, top + 4 + legend_height + 8)


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


# -- the dashboard's charts ---------------------------------------------------------------------


def _tally_chart(chart_id, title, tallies):
    items = [
        (
            tally.label,
            {"closed": tally.closed, "open": tally.open},
            _("%(total)s, %(open)s open", total=format_number(tally.total), open=format_number(tally.open)),
        )
        for tally in tallies
    ]
    return bar_chart(chart_id, title, items, (CLOSED, OPEN))


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
                        median=days(row.median),
                        p90=days(row.p90),
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
                (bucket.label, {"value": count}, format_number(count))
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
                        "%(resolved)s of %(requested)s resolved",
                        resolved=format_number(tally.resolved),
                        requested=format_number(tally.requested),
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
                (refusal.label, {"value": refusal.refused}, format_number(refusal.refused))
                for refusal in dashboard.refusals
            ],
            (crosshatched,),
        ),
    }
