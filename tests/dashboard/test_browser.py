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
