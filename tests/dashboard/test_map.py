"""The dashboard's map: a choropleth per buurt or wijk drawn in SVG from the demo shapes, each area
a link to its cases named by its <title>, with its figure on it, a legend of ranges and a table."""

import re

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from initiatives.extensions import db
from initiatives.geo.models import NeighbourhoodShape
from initiatives.organisation.models import Neighbourhood
from tests.dashboard.html import case_ids


@pytest.fixture
def reader(signed_in):
    browser = signed_in("secretaris")
    browser.submit("/language", {"language": "en", "next": "/"}, form_url="/")
    return browser


def _map(browser, query=""):
    html = browser.get(f"/dashboard{query}").get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    return soup.select_one("#map").find_parent("section")


def _areas(section):
    """{title: (fill, link)} of the map's areas."""
    areas = {}
    for title in section.select("svg title"):
        parent = title.parent
        if parent.name in ("a", "g") and parent.find("path"):
            areas[title.get_text()] = (parent.find("path")["fill"], parent.get("href"))
    return areas


def _legend(section):
    """(range, swatch fill) of each class in the legend."""
    return [
        (item.get_text(strip=True), item.select("rect")[-1]["fill"])
        for item in section.select(".map-legend li")
    ]


def _table(section):
    return {
        row.th.get_text(strip=True): [cell.get_text(strip=True) for cell in row.find_all("td")]
        for row in section.select("#area-figures tbody tr")
        if row.th
    }


def test_initiatives_per_buurt(data_set, reader):
    section = _map(reader)
    areas = _areas(section)
    assert len(areas) == 14
    assert areas["Bloemenbuurt: 1"][1] == "/initiatives?neighbourhood=BU99990201"
    assert areas["Centrum: 1"][1] == "/initiatives?neighbourhood=BU99990101"
    fill, link = areas["Vogelwijk: 0"]
    assert (fill, link) == ("url(#area-map-dots)", None)
    assert _legend(section) == [("0", "url(#area-map-legend-1)"), ("1", "#c6dbef")]
    figures = [text.get_text() for text in section.select("svg text.chart__map-figure")]
    assert sorted(figures) == ["0"] * 12 + ["1", "1"]
    table = _table(section)
    assert table["Bloemenbuurt"] == ["1", "4", "2", "40"]
    assert table["Vogelwijk"] == ["0", "0", "0", "–"]
    assert "3 initiatives have a wijk but no buurt" in section.get_text()
    assert case_ids(reader.get(areas["Bloemenbuurt: 1"][1]).get_data(as_text=True)) == {
        data_set["cases"]["A"]
    }


def test_barriers_per_10_initiatives_per_wijk(data_set, reader):
    section = _map(reader, "?map_measure=barriers_per_10_initiatives&map_level=wijk")
    areas = _areas(section)
    assert set(areas) == {"Binnenstad: 30", "Noord: 23.3", "Zuid: 30", "Oost: –", "West: –"}
    assert areas["Noord: 23.3"][1] == "/initiatives?neighbourhood=WK999902"
    assert areas["Oost: –"] == ("#ffffff", None)
    assert _legend(section) == [
        ("0", "url(#area-map-legend-1)"),
        ("0.1–7.5", "#c6dbef"),
        ("7.6–15", "#6baed6"),
        ("15.1–22.5", "#2171b5"),
        ("22.6–30", "#08306b"),
        ("– no initiatives", "#ffffff"),
    ]
    # The figures on the dark classes are written in white.
    on_dark = {text.get_text() for text in section.select("svg text.chart__map-figure--on-dark")}
    assert on_dark == {"30", "23.3"}
    assert _table(section)["Noord"] == ["3", "7", "3", "23.3"]


def test_open_barriers_in_a_period_link_to_their_cases(data_set, reader):
    section = _map(reader, "?map_measure=open_barriers&map_level=wijk&from=2025-06-01&to=2025-06-30")
    areas = _areas(section)
    noord = next(link for title, (_fill, link) in areas.items() if title.startswith("Noord: 1"))
    assert (
        noord
        == "/initiatives?neighbourhood=WK999902&barrier_status=open&raised_from=2025-06-01&raised_to=2025-06-30"
    )
    assert case_ids(reader.get(noord).get_data(as_text=True)) == {data_set["cases"]["B"]}
    # The initiatives of the period: first contact in it (all came in on 1 December 2024).
    assert _table(section)["Noord"][0] == "0"


def test_a_manager_sees_the_map_of_their_wijken(data_set, signed_in):
    section = _map(signed_in("zuid"), "?map_level=wijk")
    assert {title.split(":")[0] for title in _areas(section)} == {"Zuid", "Oost"}


def test_an_unknown_map_choice_is_noted(data_set, reader):
    html = reader.get("/dashboard?map_measure=pins").get_data(as_text=True)
    assert re.search(r"The map choice “pins” does not exist, so it is ignored", html)


def test_an_area_without_a_shape_is_in_the_table_only(data_set, reader, demo_world):
    with demo_world.app_context():
        db.session.execute(
            sa.delete(NeighbourhoodShape).where(
                NeighbourhoodShape.neighbourhood_id.in_(
                    sa.select(Neighbourhood.id).where(Neighbourhood.code == "BU99990201")
                )
            )
        )
        db.session.commit()
    section = _map(reader)
    assert len(_areas(section)) == 13
    assert "Bloemenbuurt" in _table(section)
    assert "Not on the map, for want of a shape (in the table only): Bloemenbuurt." in section.get_text()


def test_without_any_shapes_the_figures_are_in_the_table(data_set, reader, demo_world):
    with demo_world.app_context():
        db.session.execute(sa.delete(NeighbourhoodShape))
        db.session.commit()
    section = _map(reader)
    assert section.find("svg") is None
    assert "No shapes of the wijken and buurten have been loaded yet" in section.get_text()
    assert _table(section)["Bloemenbuurt"] == ["1", "4", "2", "40"]
