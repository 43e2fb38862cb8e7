"""The notifications page and the preferences page in Chromium, at 1280 and 390 px: axe finds no
WCAG 2.1 AA violation, nothing scrolls sideways, a refused save opens at the error summary, and
marking read works without JavaScript."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from initiatives.auth.users import find_user
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.notifications.events import Event
from initiatives.notifications.operations import notify
from tests.browser.support import assert_no_axe_violations, login
from tests.conftest import open_test_case

pytestmark = pytest.mark.browser

SIZES = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def notices(demo_world):
    with demo_world.app_context():
        noord = find_user("noord")
        garden = open_test_case(title="Moestuin achter de school", follow_up_on=local_today())
        playground = open_test_case(title="Speeltuin aan de Merelstraat")
        notify(noord, Event.FOLLOW_UP_DUE, garden, reference=garden.follow_up_on.isoformat())
        notify(noord, Event.HANDED_OVER, playground, reference="hand-over 1", data={"by": "zuid"})
        notify(noord, Event.BARRIER_OPEN_LONG, playground, reference="barrier 1: 30", data={"days": 30})
        notify(noord, Event.HELP_DECIDED, garden, reference="help 1", data={"decision": "granted"})
        db.session.commit()


@pytest.fixture
def shots(tmp_path):
    """Where the screenshots go, for people to look at: BRICOLEUR_TEST_SCREENSHOTS, else the
    test's own temporary folder."""
    folder = Path(os.environ.get("BRICOLEUR_TEST_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _fits(page, width):
    return page.evaluate("() => document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("size", list(SIZES))
def test_the_two_pages_pass_axe(notices, live_server, new_page, shots, size):
    viewport = SIZES[size]
    page = new_page(viewport=viewport)
    login(page, live_server, "noord")
    for name, path in (("notifications", "/notifications"), ("preferences", "/account/notifications")):
        assert page.goto(live_server + path).status == 200
        if size == "wide":  # on a phone the header's links are in the menu
            expect(page.get_by_role("link", name="Meldingen, 4 ongelezen", exact=True)).to_have_count(1)
        assert_no_axe_violations(page)
        assert _fits(page, viewport["width"]), f"{path} scrolls sideways"
        page.screenshot(path=str(shots / f"{name}-{size}.png"), full_page=True)
    # A refused save opens at the error summary, which passes axe too.
    page.fill("#digest_hour", "half acht")
    page.get_by_role("button", name="Instellingen opslaan").click()
    expect(page.locator("#error-summary")).to_be_focused()
    assert_no_axe_violations(page)
    page.screenshot(path=str(shots / f"preferences-refused-{size}.png"), full_page=True)


def test_marking_read_works_without_javascript(notices, live_server, new_page, shots):
    page = new_page(viewport=SIZES["wide"], java_script_enabled=False)
    login(page, live_server, "noord")
    page.goto(live_server + "/notifications")
    header_link = page.locator("a.site-header__notifications")
    # (Playwright's accessible names need JavaScript: the attribute it is, then.)
    expect(header_link).to_have_attribute("aria-label", "Meldingen, 4 ongelezen")
    page.get_by_role("button", name="Als gelezen markeren", exact=True).first.click()
    expect(header_link).to_have_attribute("aria-label", "Meldingen, 3 ongelezen")
    page.get_by_role("button", name="Alles als gelezen markeren").click()
    expect(header_link).not_to_have_attribute("aria-label", re.compile("."))
    expect(header_link).to_have_text("Meldingen")
    page.screenshot(path=str(shots / "notifications-all-read.png"), full_page=True)
