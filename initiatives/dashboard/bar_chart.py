"""The geometry of the dashboard's horizontal bar charts; templates/macros/charts.html draws it.

Colour never carries meaning alone: bar segments differ by pattern too (open barriers are hatched).
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from initiatives.dashboard.chart_layout import (
    BASELINE,
    FONT_SIZE,
    GAP,
    LABEL_LINES,
    LINE_HEIGHT,
    WIDTH,
    legend_entries,
    text_lines,
)
from initiatives.dashboard.text_fit import fit_lines, text_width

LABEL_WIDTH = 250
ROW_GAP = 12
BAR_HEIGHT = 18
TOP = 8
#: The bars keep at least this much room, however long their values' texts are.
MIN_BAR_ROOM = 160


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
        rows.append(BarRow(str(label), text_lines(lines, label_top), bar_top, segments, value_text, x))
        top += height + ROW_GAP
    shown = list(styles) if legend and len(styles) > 1 else []
    entries, legend_height = legend_entries(shown, [style.label for style in shown], 8, top + 4, 32)
    return BarChart(chart_id, title, rows, entries, top + 4 + legend_height + 8)
