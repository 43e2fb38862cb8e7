"""In a real browser: setting up two-step verification and signing in with it; the new pages
pass axe-core's WCAG 2.1 AA checks."""

import pytest
from playwright.sync_api import expect

from tests.auth.second_factor import code_now, fresh_code
from tests.browser.support import assert_no_axe_violations, login
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_enrol_then_sign_in_with_a_code(demo_world, live_server, page):
    login(page, live_server, "noord")
    page.goto(f"{live_server}/account")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Tweestapsverificatie instellen").click()
    expect(page.locator("svg[role=img]")).to_be_visible()
    assert_no_axe_violations(page)
    secret = page.locator("code.totp-secret").inner_text().replace(" ", "")
    page.fill("#code", code_now(secret))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Tweestapsverificatie staat aan")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(f"{live_server}/login")
    page.fill("#username", "noord")
    page.fill("#password", "bricoleur-demo-2026")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server}/login/code")
    page.fill("#code", f"{(int(code_now(secret, 1)) + 500_000) % 1_000_000:06d}")  # a wrong code
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#code-error")).to_be_visible()
    assert_no_axe_violations(page)  # the code page, with its error
    page.fill("#code", code_now(secret, 1))  # the app's next code: the current one was used
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server}/")


def test_a_new_api_token_is_shown_once_accessibly(demo_world, live_server, page):
    login(page, live_server, "beheer")  # the admin passes the code step in `login`
    page.goto(f"{live_server}/account")
    page.fill("#name", "BI-koppeling")
    page.fill("#current_password", DEMO_PASSWORD)
    page.fill("#current_code", fresh_code(demo_world, "beheer"))
    page.locator("main form[action$='/account/tokens'] button[type=submit]").click()
    expect(page.locator("code.api-token")).to_contain_text("brc_")
    assert_no_axe_violations(page)
