"""The stakeholder map in Chromium, at 1280 and 390 px: the case page's section (map, table, grid,
add form) and a stakeholder's edit page pass axe (WCAG 2.1 AA), and nothing scrolls sideways."""

import os
from pathlib import Path

import pytest

from tests.browser.support import assert_no_axe_violations, login

pytestmark = pytest.mark.browser

SIZES = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("BRICOLEUR_TEST_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("size", list(SIZES))
def test_the_stakeholder_section_and_edit_page_pass_axe(
    demo_world, mapped_case, live_server, new_page, shots, size
):
    viewport = SIZES[size]
    page = new_page(viewport=viewport)
    login(page, live_server, "noord")
    case_id = mapped_case["initiative_id"]
    page.goto(f"{live_server}/initiatives/{case_id}#stakeholders")
    page.locator("#stakeholders summary").click()  # the add form opened
    assert_no_axe_violations(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    page.locator("#stakeholders").screenshot(path=str(shots / f"stakeholders-{size}.png"))
    page.goto(f"{live_server}/initiatives/{case_id}/stakeholders/{mapped_case['colleague']}")
    assert_no_axe_violations(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
