"""What the dashboard's SVG charts share: the drawing's measures, wrapped texts and the legend."""

from dataclasses import dataclass

from initiatives.dashboard.text_fit import fit_lines

#: The drawing's coordinate system; the SVG scales to the width of the page.
WIDTH = 720
#: The texts' size in the drawing's units (set on the SVG, so the geometry and the text agree).
FONT_SIZE = 13
LINE_HEIGHT = 16
#: A text's baseline below the top of its line.
BASELINE = 12
#: Room between a bar's end and its value, and between a label and the bars.
GAP = 6
LEGEND_ROW = 26
#: Lines a label or legend entry may take; longer ones end in an ellipsis (the table after the
#: chart has the whole label).
LABEL_LINES = 2


@dataclass
class TextLine:
    text: str
    y: float  # the baseline


def text_lines(lines, top):
    """The lines of a wrapped text as TextLines, the first one's line starting at `top`."""
    return [TextLine(text, top + BASELINE + index * LINE_HEIGHT) for index, text in enumerate(lines)]


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
            entries.append(LegendEntry(item, x, y, text_lines(lines, y - 1)))
        y += max(LEGEND_ROW, max(len(lines) for lines in wrapped) * LINE_HEIGHT + 10)
    return entries, y - top
