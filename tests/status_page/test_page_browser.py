"""The initiators' status page in Chromium, at 1280 and 390 px: axe finds no WCAG 2.1 AA
violation, nothing scrolls sideways, a message is sent (and a refused one opens at the error
summary); and the case page's section with a link just made passes axe too."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.support import assert_no_axe_violations, login
from tests.status_page.conftest import make_link

pytestmark = pytest.mark.browser

SIZES = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def shots(tmp_path):
    """Where the screenshots go: BRICOLEUR_TEST_SCREENSHOTS, else the test's temporary folder."""
    folder = Path(os.environ.get("BRICOLEUR_TEST_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _fits(page, width):
    return page.evaluate("() => document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("size", list(SIZES))
def test_the_status_page_passes_axe(demo_world, secret_case, live_server, new_page, shots, size):
    viewport = SIZES[size]
    path = make_link(demo_world, secret_case)
    page = new_page(viewport=viewport)
    assert page.goto(live_server + path).status == 200
    assert_no_axe_violations(page)
    assert _fits(page, viewport["width"]), "the status page scrolls sideways"
    page.screenshot(path=str(shots / f"status-page-{size}.png"), full_page=True)

    page.locator("form.utrecht-form button[type=submit]").click()  # empty: refused
    expect(page.locator("#error-summary")).to_be_focused()
    assert_no_axe_violations(page)
    page.screenshot(path=str(shots / f"status-page-refused-{size}.png"), full_page=True)

    page.fill("#message", "Wanneer komt u langs?")
    page.locator("form.utrecht-form button[type=submit]").click()
    expect(page.locator("#confirmation")).to_be_visible()
    assert_no_axe_violations(page)
    page.screenshot(path=str(shots / f"status-page-sent-{size}.png"), full_page=True)


def test_the_case_page_section_passes_axe(demo_world, secret_case, live_server, new_page, shots):
    page = new_page(viewport=SIZES["wide"])
    login(page, live_server, "noord")
    page.goto(f"{live_server}/initiatives/{secret_case}")
    page.locator("#status-link form button[type=submit]").first.click()
    expect(page.locator("#status-link-url")).to_be_visible()
    assert_no_axe_violations(page)
    page.locator("#status-link").screenshot(path=str(shots / "status-link-section.png"))


@pytest.mark.parametrize("size", list(SIZES))
def test_the_status_mails_page_passes_axe(demo_world, secret_case, live_server, new_page, shots, size):
    """The owner's page: the preview, who gets the mails, turning them on (and the case section)."""
    viewport = SIZES[size]
    page = new_page(viewport=viewport)
    login(page, live_server, "noord")
    assert page.goto(f"{live_server}/initiatives/{secret_case}/status-mails").status == 200
    page.fill("#personal_sentence", "Ik bel u volgende week om een afspraak te maken.")
    page.locator("button[value=preview]").click()
    expect(page.locator(".mail-preview__text")).to_contain_text("Ik bel u volgende week")
    assert_no_axe_violations(page)
    assert _fits(page, viewport["width"]), "the status mails page scrolls sideways"
    page.screenshot(path=str(shots / f"status-mails-{size}.png"), full_page=True)
    page.locator("button[value=turn_on]").click()
    expect(page.locator("#status-link-confirmation")).to_be_visible()
    assert_no_axe_violations(page)
    page.locator("#status-link").screenshot(path=str(shots / f"status-mails-section-{size}.png"))


@pytest.mark.parametrize("size", list(SIZES))
def test_the_satisfaction_question_passes_axe(demo_world, secret_case, live_server, new_page, shots, size):
    from tests.status_page.test_satisfaction import close

    close(demo_world, secret_case)
    viewport = SIZES[size]
    path = make_link(demo_world, secret_case)
    page = new_page(viewport=viewport)
    assert page.goto(live_server + path).status == 200
    assert_no_axe_violations(page)
    assert _fits(page, viewport["width"]), "the status page scrolls sideways"

    answer = page.locator("#satisfaction form button[type=submit]")
    answer.click()  # no score chosen: refused
    expect(page.locator("#satisfaction-errors")).to_be_focused()
    assert_no_axe_violations(page)
    page.screenshot(path=str(shots / f"status-page-satisfaction-refused-{size}.png"), full_page=True)

    page.get_by_label("Tevreden", exact=True).check()
    page.fill("#comment", "Fijne samenwerking.")
    page.locator("#satisfaction form button[type=submit]").click()
    expect(page.locator("#satisfaction-confirmation")).to_be_visible()
    expect(page.get_by_label("Tevreden", exact=True)).to_be_checked()
    assert_no_axe_violations(page)
    page.screenshot(path=str(shots / f"status-page-satisfaction-{size}.png"), full_page=True)


def test_the_case_page_section_with_an_answer_passes_axe(demo_world, secret_case, live_server, new_page):
    from tests.conftest import Browser
    from tests.status_page.test_satisfaction import close

    close(demo_world, secret_case)
    path = make_link(demo_world, secret_case)
    Browser(demo_world.test_client()).submit(
        f"{path}/satisfaction", {"score": "2", "comment": "Het duurde lang."}, form_url=path
    )
    page = new_page(viewport=SIZES["wide"])
    login(page, live_server, "noord")
    page.goto(f"{live_server}/initiatives/{secret_case}")
    expect(page.locator("#satisfaction-answer-heading")).to_be_visible()
    assert_no_axe_violations(page)
