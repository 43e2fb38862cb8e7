"""The charts' texts fit the drawing: labels wrap (then shorten), values and legends stay inside.

The geometry is checked against the charts' own width estimate here; the council report's test
(tests/test_council_layout.py) checks the drawn result, glyph by glyph, in the PDF.
"""

import pytest
from flask_babel import force_locale

from initiatives.dashboard.bar_chart import CLOSED, HELP_STYLES, LABEL_WIDTH, OPEN, bar_chart
from initiatives.dashboard.chart_layout import FONT_SIZE, GAP, WIDTH
from initiatives.dashboard.line_chart import line_chart
from initiatives.dashboard.text_fit import ELLIPSIS, fit_lines, text_width

LONG = "Verkokering, schotten tussen afdelingen: verantwoordingsverplichtingen en informatievoorziening"


def test_a_short_label_stays_on_one_line():
    assert fit_lines("Risicomijding", 240, FONT_SIZE) == ["Risicomijding"]


def test_a_long_label_wraps_onto_two_lines_and_ends_in_an_ellipsis():
    lines = fit_lines(LONG, 240, FONT_SIZE)
    assert len(lines) == 2
    assert lines[0].startswith("Verkokering")
    assert lines[1].endswith(ELLIPSIS)
    assert all(text_width(line, FONT_SIZE) <= 240 for line in lines)


def test_a_word_wider_than_the_room_is_cut_into_pieces():
    lines = fit_lines("klantcontactcentrumondersteuningsorganisatie", 120, FONT_SIZE)
    assert all(text_width(line, FONT_SIZE) <= 120 for line in lines)
    assert lines[0].startswith("klant")


def test_the_estimate_is_on_the_wide_side_of_dejavu_sans():
    """The PDF's font: its advance widths (in ems) for a few telling texts stay under the estimate."""
    measured = {"Vergunningen, Toezicht en Handhaving": 19.8, "WWW MMM": 5.87, "39 van 182 opgelost": 10.27}
    for text, ems in measured.items():
        assert text_width(text, 1) >= ems


@pytest.fixture
def dutch(app):
    with app.test_request_context(), force_locale("nl"):
        yield


def test_bar_labels_values_and_legend_stay_inside_the_drawing(dutch):
    items = [
        (f"{LONG} {index}", {"closed": 1000 * index, "open": 234}, f"{1000 * index + 234} van de 99999 open")
        for index in range(1, 6)
    ]
    chart = bar_chart("chart-test", "Test", items, (CLOSED, OPEN, *HELP_STYLES))
    for row in chart.rows:
        assert 1 <= len(row.label_lines) <= 2
        for line in row.label_lines:
            assert chart.label_x - text_width(line.text, FONT_SIZE) >= 0
        assert row.value_x + text_width(row.value_text, FONT_SIZE) <= WIDTH
        assert row.segments[0].x == LABEL_WIDTH
    bottoms = [row.y + chart.bar_height for row in chart.rows]
    assert all(later.y > bottom for later, bottom in zip(chart.rows[1:], bottoms, strict=False))
    for entry in chart.legend:
        for line in entry.lines:
            assert entry.x + 32 + text_width(line.text, FONT_SIZE) <= WIDTH
            assert line.y < chart.height


def test_the_trend_keeps_its_axis_texts_inside_and_apart(dutch):
    quarters = [f"K{number % 4 + 1} {2000 + number // 4}" for number in range(40)]
    series = [(f"{LONG} {index}", [index * 250 for _ in quarters]) for index in range(13)]
    chart = line_chart("chart-trend", "Trend", quarters, series)
    widest = max(text_width(label.text, FONT_SIZE) for label in chart.x_labels)
    assert chart.x_labels[0].x - widest / 2 >= 0
    assert chart.x_labels[-1].x + widest / 2 <= WIDTH
    for left, right in zip(chart.x_labels, chart.x_labels[1:], strict=False):
        assert right.x - left.x >= widest + GAP
    assert chart.ticks[-1].text == "5.000"  # Dutch grouping
    assert all(chart.plot_left - 8 - text_width(tick.text, FONT_SIZE) >= 0 for tick in chart.ticks)
    for entry in chart.legend:
        for line in entry.lines:
            assert entry.x + 42 + text_width(line.text, FONT_SIZE) <= WIDTH
