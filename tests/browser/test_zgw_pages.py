"""The case system's (ZGW) pages with the export switched on, against the ZGW server on loopback:
the case page's section before and after a push, and the admin's tables of status and result
types, pass axe at 1280 and 390 px wide and do not scroll sideways."""

import pytest
from playwright.sync_api import expect

from initiatives.extensions import db
from tests.browser.support import assert_no_axe_violations, login
from tests.browser.test_accessibility import PHONE, SCROLL_WIDTH, WIDE
from tests.conftest import open_test_case
from tests.zgw.conftest import zaaktype, zgw, zgw_server  # noqa: F401 (fixtures for the tests here)
from tests.zgw.fake_zgw import settings_for


@pytest.fixture
def app_config(zgw_server):  # noqa: F811
    return settings_for(zgw_server.base_url, zaaktype(zgw_server))


def _fits(page, viewport):
    assert page.evaluate(SCROLL_WIDTH) <= viewport["width"], f"{page.url} scrolls sideways"


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["wide", "phone"])
def test_the_case_pages_zgw_section_passes_axe_before_and_after_a_push(
    demo_world,
    zgw,  # noqa: F811
    live_server,
    new_page,
    viewport,
):
    with demo_world.app_context():
        case_id = open_test_case().id
        db.session.commit()
    page = new_page(viewport=viewport)
    login(page, live_server, "noord")
    page.goto(f"{live_server}/initiatives/{case_id}")
    expect(page.locator("#zgw")).to_be_visible()
    assert_no_axe_violations(page)
    _fits(page, viewport)
    page.locator("#zgw form button[type=submit]").first.click()
    expect(page.locator("#zgw")).to_contain_text("Naar het zaaksysteem gestuurd")
    assert_no_axe_violations(page)
    _fits(page, viewport)


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["wide", "phone"])
def test_the_zgw_admin_page_passes_axe(demo_world, zgw, live_server, new_page, viewport):  # noqa: F811
    page = new_page(viewport=viewport)
    login(page, live_server, "beheer")
    response = page.goto(f"{live_server}/admin/zgw")
    assert response.status == 200
    assert_no_axe_violations(page)
    _fits(page, viewport)
