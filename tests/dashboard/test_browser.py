"""The dashboard with data in a real browser: axe-clean on a wide and a narrow screen and in
print, and complete without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.browser.support import assert_no_axe_violations, login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 380])
@pytest.mark.parametrize("username", ["secretaris", "noord"])
def test_the_dashboard_with_data_is_accessible(data_set, live_server, page, username, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, username)
    page.goto(f"{live_server}/dashboard?theme=green&from=yesterday")
    expect(page.locator("#filter-notes")).to_be_visible()
    assert_no_axe_violations(page)
    page.emulate_media(media="print")
    assert_no_axe_violations(page)


def test_the_dashboard_needs_no_javascript(data_set, live_server, new_page):
    page = new_page(java_script_enabled=False)
    login(page, live_server, "secretaris")
    page.goto(f"{live_server}/dashboard")
    page.select_option("#stage", "mapping")
    page.locator("main form[role=search] button[type=submit]").click()
    expect(page).to_have_url(
        f"{live_server}/dashboard?from=&to=&neighbourhood=&department=&stage=mapping&theme="
        "&map_measure=initiatives&map_level=buurt"
    )
    expect(page.locator("svg.chart__svg")).to_have_count(10)  # the map and nine charts
    page.locator("table").first.locator("a").first.click()
    expect(page.locator("main h1")).to_have_text("Initiatieven")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_map_per_wijk_is_accessible_and_its_areas_open_by_keyboard(data_set, live_server, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "secretaris")
    page.goto(f"{live_server}/dashboard?map_measure=barriers_per_10_initiatives&map_level=wijk")
    expect(page.locator("#area-map-title")).to_have_text("Drempels per 10 initiatieven per gebied")
    assert_no_axe_violations(page)
    area = page.locator("svg.chart__svg a").first
    area.focus()
    expect(area).to_be_focused()
    area.press("Enter")
    expect(page.locator("main h1")).to_have_text("Initiatieven")
