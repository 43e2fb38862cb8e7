"""The map's placing, read from the SVG the case page draws: inside on the left, outside on the
right, the more influence the nearer the initiative in the middle, and every stance told by its
shape and fill besides its colour, with a legend."""

import math

from bs4 import BeautifulSoup

from initiatives.stakeholders.map import CENTRE_X, CENTRE_Y, INNER_RADIUS, RING_STEP, STANCE_STYLES


def _markers(browser, case_id):
    page = BeautifulSoup(browser.get(f"/initiatives/{case_id}").get_data(as_text=True), "html.parser")
    svg = page.find(id="stakeholders").find("svg", class_="chart__svg")
    markers = {}
    for group in svg.find_all("g", class_="stakeholder-map__marker"):
        x, y = float(group["data-x"]), float(group["data-y"])
        markers[int(group["data-number"])] = {
            "x": x,
            "y": y,
            "distance": math.hypot(x - CENTRE_X, y - CENTRE_Y),
            "stance": group["data-stance"],
            "path": group.find("path"),
            "title": group.find("title").get_text(),
        }
    return svg, markers


def test_influence_5_against_lies_nearest_the_middle_on_its_side_with_the_against_pattern(
    demo_world, mapped_case, signed_in
):
    svg, markers = _markers(signed_in("noord"), mapped_case["initiative_id"])
    # The table's order, and so the numbers: inside first (by influence), then outside.
    colleague, helper = markers[1], markers[2]
    assert colleague["title"].startswith("1. Karel Kwast")
    assert colleague["stance"] == "against"
    assert colleague["x"] < CENTRE_X  # inside: the left half
    assert math.isclose(colleague["distance"], INNER_RADIUS, abs_tol=0.2)  # influence 5: the inner ring
    inside = [marker for marker in markers.values() if marker["x"] < CENTRE_X]
    assert min(inside, key=lambda marker: marker["distance"]) is colleague
    assert colleague["path"]["fill"] == "url(#stakeholder-map-crosshatch)"  # patterned, not colour alone
    assert colleague["path"]["d"].count("L") == 2  # a triangle
    assert svg.find("pattern", id="stakeholder-map-crosshatch")
    # Influence 2: three rings further out.
    assert math.isclose(helper["distance"], INNER_RADIUS + 3 * RING_STEP, abs_tol=0.2)
    assert helper["stance"] == "for"
    assert helper["path"]["fill"] == STANCE_STYLES["for"].colour


def test_outside_lies_on_the_right(demo_world, mapped_case, signed_in):
    _svg, markers = _markers(signed_in("noord"), mapped_case["initiative_id"])
    outside = [marker for marker in markers.values() if marker["x"] > CENTRE_X]
    assert len(outside) == 3
    corporation = next(
        marker for marker in outside if "Woonstichting Thuis" in marker["title"] and "Els" in marker["title"]
    )
    assert math.isclose(corporation["distance"], INNER_RADIUS + RING_STEP, abs_tol=0.2)  # influence 4
    assert corporation["stance"] == "neutral"


def test_every_stance_has_its_own_shape_and_a_legend_entry(demo_world, mapped_case, signed_in):
    shapes = {style.shape for style in STANCE_STYLES.values()}
    fills = {style.fill for style in STANCE_STYLES.values()}
    assert len(shapes) == 4
    assert len(fills) == 4
    svg, _found = _markers(signed_in("noord"), mapped_case["initiative_id"])
    legend = " ".join(svg.get_text(" ").split())
    for word in ("voor", "neutraal", "tegen", "niet bekend"):
        assert word in legend
