"""The privacy pages in a real browser: axe-clean, and the whole erasure journey without JavaScript."""

from playwright.sync_api import expect

from tests.browser.support import assert_no_axe_violations, login


def test_privacy_statement_is_public_and_accessible(populated, live_server, page):
    response = page.goto(f"{live_server}/privacy")
    assert response.status == 200
    expect(page.locator("main")).to_contain_text("12")
    assert_no_axe_violations(page)


def test_subject_access_and_erasure_journey(populated, live_server, new_page):
    page = new_page(java_script_enabled=False)
    login(page, live_server, "beheer")
    page.goto(f"{live_server}/admin/privacy")
    page.fill("#phone", "+31 6 1234 5678")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("jan@example.org")
    page.locator("form[action$='/admin/privacy/erase'] button").click()
    expect(page.locator("main")).to_contain_text("Jan Jansen")
    page.locator("main form button[type=submit]").click()  # without the tick: refused, nothing erased
    expect(page.locator("#error-summary")).to_be_visible()
    page.locator("input[name=confirmed]").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server}/admin/privacy")
    expect(page.locator(".flash-messages")).to_be_visible()


def test_result_and_confirmation_pages_are_accessible(populated, live_server, page):
    login(page, live_server, "beheer")
    page.goto(f"{live_server}/admin/privacy")
    assert_no_axe_violations(page)
    page.locator("main form button[type=submit]").click()  # empty: the form with its error
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    page.fill("#email", "jan@example.org")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Jan Jansen")
    assert_no_axe_violations(page)
    page.locator("form[action$='/admin/privacy/erase'] button").click()
    expect(page.locator("input[name=confirmed]")).to_be_visible()
    assert_no_axe_violations(page)
    page.locator("main form.utrecht-form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_axe_violations(page)
