"""On a phone (390 by 844 px): no main page scrolls sideways, the header takes at most a fifth of
the first screen, and the menu, the header's case search and the case list's filters work, with
JavaScript and without. The case lists hold the 80 demo cases, so the tables are full."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import assert_no_axe_violations, login

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}
#: The main pages per demo account; `{case_id}` is the demo case with the longest timeline.
MAIN_PAGES = {
    "noord": ["/", "/initiatives", "/initiatives/{case_id}"],
    "secretaris": [
        "/initiatives/{case_id}",  # the anonymised case page of someone who does not work on it
        "/dashboard",
        "/lessons",
        "/reports/council?from=2025-01-01",
    ],
    "beheer": ["/", "/admin/audit"],
}
#: The page's width as it can be scrolled, and the height of the header.
LAYOUT = """() => ({
    scrollWidth: document.documentElement.scrollWidth,
    headerHeight: document.querySelector('header').getBoundingClientRect().height,
})"""


@pytest.mark.parametrize("username", list(MAIN_PAGES))
def test_main_pages_fit_a_phone_and_pass_axe(demo_case_id, live_server, new_page, username):
    page = new_page(viewport=PHONE)
    login(page, live_server, username)
    misfits = []
    for path in MAIN_PAGES[username]:
        response = page.goto(live_server + path.format(case_id=demo_case_id))
        assert response.status == 200, path
        layout = page.evaluate(LAYOUT)
        if layout["scrollWidth"] > PHONE["width"]:
            misfits.append(f"{path} scrolls sideways: {layout['scrollWidth']} px wide")
        if layout["headerHeight"] > PHONE["height"] / 5:
            misfits.append(f"{path} has a header of {layout['headerHeight']} px")
        assert_no_axe_violations(page)
    assert misfits == []


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_menu_button_opens_the_menu_on_a_phone(demo_world, live_server, new_page, javascript):
    page = new_page(viewport=PHONE, java_script_enabled=javascript)
    login(page, live_server, "noord")
    menu = page.locator("header nav")
    expect(menu).to_be_hidden()
    expect(page.locator("header").get_by_role("button", name="Uitloggen")).to_be_hidden()

    page.locator("header summary").filter(has_text="Menu").click()
    expect(menu).to_be_visible()
    if javascript:
        assert_no_axe_violations(page)
    menu.get_by_role("link", name="Dashboard").click()
    expect(page.locator("main h1")).to_have_text("Dashboard drempels")


def test_on_a_wide_screen_the_menu_is_shown_without_its_button(demo_world, live_server, new_page):
    page = new_page(viewport=WIDE)
    login(page, live_server, "noord")
    expect(page.locator("header summary")).to_be_hidden()
    expect(page.locator("header nav").get_by_role("link", name="Lessen")).to_be_visible()
    expect(page.locator("header").get_by_role("button", name="Uitloggen")).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["phone", "wide"])
def test_the_header_search_finds_a_case(demo_case_id, live_server, new_page, viewport):
    page = new_page(viewport=viewport)
    login(page, live_server, "noord")
    page.goto(f"{live_server}/initiatives/{demo_case_id}")
    title = page.locator("main h1").inner_text()

    page.get_by_role("searchbox", name="Initiatieven zoeken").fill(title)
    page.get_by_role("search", name="Initiatieven zoeken").get_by_role("button", name="Zoeken").click()
    expect(page).to_have_url(re.compile(r"/initiatives\?q="))
    expect(page.locator("main table").get_by_role("link", name=title)).to_be_visible()


@pytest.mark.parametrize(
    ("path", "first_result"),
    [("/initiatives?stage=mapping", "main table tbody tr"), ("/lessons?result=realised", "main article")],
    ids=["case-list", "lessons"],
)
def test_on_a_phone_a_list_shows_its_results_before_its_filters(
    demo_case_id, live_server, new_page, path, first_result
):
    page = new_page(viewport=PHONE)
    login(page, live_server, "noord")
    page.goto(live_server + path)
    expect(page.locator("main form[role=search]")).to_be_hidden()
    expect(page.locator("main summary")).to_have_text("Zoeken en filteren (1 filter aan)")
    expect(page.locator(first_result).first).to_be_in_viewport()


def test_on_a_phone_the_case_list_filters_behind_its_disclosure_without_javascript(
    demo_case_id, live_server, new_page
):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    login(page, live_server, "noord")
    page.goto(f"{live_server}/initiatives")
    expect(page.locator("main summary")).to_have_text("Zoeken en filteren")
    page.locator("main summary").click()
    page.locator("#stage").select_option("intake")
    page.locator("main form[role=search] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"stage=intake"))
    expect(page.locator("main summary")).to_have_text("Zoeken en filteren (1 filter aan)")
    expect(page.locator("main table tbody tr").first).to_contain_text("Eerste contact")


def test_on_a_wide_screen_the_case_list_shows_its_filters(demo_world, live_server, new_page):
    page = new_page(viewport=WIDE)
    login(page, live_server, "noord")
    page.goto(f"{live_server}/initiatives")
    expect(page.locator("main summary")).to_be_hidden()
    expect(page.locator("#stage")).to_be_visible()
