"""The maps in Chromium: a click on the map sets a case's location (the two fields, then saved),
the map of cases clusters its markers (the neighbourhoods' shapes answer 404 here: no base layer,
the markers still come), and the map pages pass axe (WCAG 2.1 AA) at 1280 and 390 px without
scrolling sideways. The pictures go to BRICOLEUR_TEST_SCREENSHOTS when it is set."""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from initiatives.auth.users import find_user
from initiatives.cases import operations
from initiatives.cases.location import Location
from initiatives.cases.models import Initiative
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.organisation.operations import find_neighbourhood
from tests.browser.support import assert_no_axe_violations, login

pytestmark = pytest.mark.browser

SIZES = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
#: Cases around one square, close enough to cluster at the map's first zoom.
CLUSTERED = 24


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("BRICOLEUR_TEST_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def located_cases(demo_world):
    """CLUSTERED cases of noord around a square in the middle of the country, and one further off."""
    with demo_world.app_context():
        owner = find_user("noord")
        ids = []
        for number in range(CLUSTERED + 1):
            far = number == CLUSTERED
            initiative = operations.open_case(
                owner,
                title=f"Buurtidee {number + 1}",
                description="",
                neighbourhood=find_neighbourhood("WK999902"),
                channel="phone",
                received_on=local_today() - timedelta(days=1),
                location=Location(51.5, 4.3)
                if far
                else Location(52.09 + number * 0.0004, 5.12 + number * 0.0003),
            )
            ids.append(initiative.id)
        db.session.commit()
        return ids


def _no_sideways_scroll(page, viewport):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]


def test_a_click_on_the_map_sets_the_location(demo_world, test_case, live_server, page):
    case_id = test_case["initiative_id"]
    login(page, live_server, "noord")
    page.goto(f"{live_server}/initiatives/{case_id}/location")
    picker = page.locator("[data-location-picker]")
    expect(picker).to_have_class(re.compile(r"\bcase-map--ready\b"))
    expect(page.get_by_text("Klik op de kaart om het punt te kiezen")).to_be_visible()
    box = picker.bounding_box()
    picker.click(position={"x": box["width"] / 2, "y": box["height"] / 2})
    expect(picker).to_have_attribute("data-clicked", "true")
    latitude = float(page.input_value("#latitude"))
    longitude = float(page.input_value("#longitude"))
    assert 50.75 < latitude < 53.7
    assert 3.2 < longitude < 7.22
    expect(picker.locator(".leaflet-marker-icon")).to_have_count(1)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#location-confirmation")).to_contain_text("De locatie is opgeslagen.")
    expect(page.locator("[data-point-map] .leaflet-marker-icon")).to_have_count(1)
    with demo_world.app_context():
        initiative = db.session.get(Initiative, case_id)
        assert (round(initiative.latitude, 6), round(initiative.longitude, 6)) == (latitude, longitude)


def test_typing_the_numbers_moves_the_marker(demo_world, test_case, live_server, page):
    login(page, live_server, "noord")
    page.goto(f"{live_server}/initiatives/{test_case['initiative_id']}/location")
    page.fill("#latitude", "52,0907")
    page.fill("#longitude", "5.1214")
    page.locator("#longitude").blur()
    expect(page.locator("[data-location-picker] .leaflet-marker-icon")).to_have_count(1)


def test_the_map_of_cases_clusters_its_markers(demo_world, located_cases, live_server, page):
    login(page, live_server, "noord")
    page.goto(f"{live_server}/initiatives/map")
    case_map = page.locator("[data-case-map]")
    expect(case_map).to_have_attribute("data-markers", str(CLUSTERED + 1))
    # The near ones are one cluster that counts them; the far one stands alone, its popup links to its case.
    cluster = case_map.locator(".marker-cluster")
    expect(cluster).to_have_count(1)
    expect(cluster).to_have_text(str(CLUSTERED))
    lone = case_map.locator(".leaflet-marker-icon:not(.marker-cluster)")
    expect(lone).to_have_count(1)
    lone.click()
    popup_link = case_map.locator(".leaflet-popup-content a")
    expect(popup_link).to_have_text(f"Buurtidee {CLUSTERED + 1}")
    assert popup_link.get_attribute("href").endswith(f"/initiatives/{located_cases[-1]}")
    # A click on the cluster zooms in on it, and it comes apart.
    cluster.click()
    page.wait_for_function(
        "() => document.querySelectorAll('[data-case-map] .leaflet-marker-icon').length > 2"
    )
    # The table holds the same cases, for the keyboard and screen readers.
    expect(page.locator("table tbody tr")).to_have_count(25)


@pytest.mark.parametrize("size", list(SIZES))
def test_the_map_pages_pass_axe_at_both_widths(demo_world, located_cases, live_server, new_page, shots, size):
    viewport = SIZES[size]
    page = new_page(viewport=viewport)
    login(page, live_server, "noord")
    case_id = located_cases[0]
    pages = {
        "map": ("/initiatives/map", "[data-case-map][data-markers]"),
        "my-work-map": ("/initiatives/map?work=mine", "[data-case-map][data-markers]"),
        "location": (f"/initiatives/{case_id}/location", "[data-location-picker].case-map--ready"),
        "case": (f"/initiatives/{case_id}#location", "[data-point-map].case-map--ready"),
    }
    for name, (url, ready) in pages.items():
        page.goto(f"{live_server}{url}")
        expect(page.locator(ready)).to_be_visible()
        assert_no_axe_violations(page)
        _no_sideways_scroll(page, viewport)
        target = page.locator("#location") if name == "case" else page.locator("main")
        target.screenshot(path=str(shots / f"{name}-{size}.png"))


def test_without_javascript_the_fields_and_the_table_tell_the_same(
    demo_world, located_cases, live_server, new_page
):
    page = new_page(java_script_enabled=False)
    login(page, live_server, "noord")
    page.goto(f"{live_server}/initiatives/map")
    expect(page.locator("[data-case-map]")).to_be_hidden()
    expect(page.locator("table tbody tr").first).to_contain_text("Buurtidee")
    page.goto(f"{live_server}/initiatives/{located_cases[0]}/location")
    page.fill("#latitude", "52,1")
    page.fill("#longitude", "5,2")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#location")).to_contain_text("52,1° N, 5,2° O")


class TestTiles:
    """With BRICOLEUR_MAP_TILES_URL the map asks that host for its tiles (here an address that does
    not answer: the tiles stay blank), in the Dutch grid through proj4leaflet, or in Web Mercator."""

    @pytest.fixture(params=["EPSG:28992", "EPSG:3857"])
    def app_config(self, request):
        return {"MAP_TILES_URL": f"http://127.0.0.1:9/brt/{request.param}/{{z}}/{{x}}/{{y}}.png"}

    def test_the_map_asks_the_tile_host_and_still_shows_its_markers(
        self, demo_world, located_cases, live_server, page, app_config
    ):
        errors, tiles = [], []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda request: tiles.append(request.url) if "/brt/" in request.url else None)
        login(page, live_server, "noord")
        page.goto(f"{live_server}/initiatives/map")
        expect(page.locator("[data-case-map]")).to_have_attribute("data-markers", str(CLUSTERED + 1))
        expect(page.locator("[data-case-map] .leaflet-tile").first).to_be_attached()
        assert errors == []
        projection = app_config["MAP_TILES_URL"].split("/")[4]
        assert tiles
        assert all(url.startswith(f"http://127.0.0.1:9/brt/{projection}/") for url in tiles)
